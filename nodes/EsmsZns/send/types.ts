/** The shapes a recipient takes on its way: read → planned into a batch → an outcome. */

export type RecipientStatus =
	| 'accepted'
	| 'duplicate'
	| 'rejected'
	| 'invalid'
	| 'unconfirmed'
	| 'failed'
	| 'skipped'
	/** Estimate Only: this recipient would be sent. */
	| 'would_send';

/** A recipient ready to send: one n8n item, validated. */
export interface Recipient {
	itemIndex: number;
	/** The phone as it goes into `Data[].Phone`. */
	phone: string;
	/** The normalised form replies are matched by. */
	phoneKey: string;
	requestId: string;
	params: string[];
	/** What is sent (OA, template, schedule, phone, values): equal fingerprints, same message. */
	fingerprint: string;
}

/** An item that cannot be sent, and exactly why. */
export interface InvalidItem {
	itemIndex: number;
	field: string;
	value: unknown;
	rule: string;
	phone: string | null;
	requestId: string | null;
}

export interface Batch {
	/** 1-based, as shown to users. */
	number: number;
	/** Never one phone twice (see BatchPlanner): eSMS's reply rows name only the phone. */
	recipients: Recipient[];
}

/** What happened to one recipient; becomes exactly one output item. */
export interface Outcome {
	itemIndex: number;
	phone: string | null;
	requestId: string | null;
	status: RecipientStatus;
	smsId: string | null;
	codeResult: string | null;
	message: string;
	batch: number | null;
}

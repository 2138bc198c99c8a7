/**
 * The one description of the eSMS ZNS app. n8n's node creator lists the Send node and its trigger
 * as one entry and shows the TRIGGER's description for it (n8n 2.40: the merged entry takes
 * `description` from `<name>Trigger`), so both nodes carry this text and the entry describes the
 * whole app; what the trigger itself does is said in its panel.
 */
export const APP_DESCRIPTION =
	'Send personalized Zalo ZNS messages in bulk, and SMS where Zalo cannot reach, through eSMS, and track their delivery';

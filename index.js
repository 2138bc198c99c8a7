/**
 * Programmatic entry point: the built node and credential classes.
 * n8n itself loads the files listed under "n8n" in package.json.
 */
module.exports = {
	EsmsApi: require('./dist/credentials/EsmsApi.credentials').EsmsApi,
	EsmsZns: require('./dist/nodes/EsmsZns/EsmsZns.node').EsmsZns,
	EsmsTrigger: require('./dist/nodes/EsmsTrigger/EsmsTrigger.node').EsmsTrigger,
};

/**
 * Programmatic entry point: the built node and credential classes.
 * n8n itself loads the files listed under "n8n" in package.json.
 */
module.exports = {
	EsmsApi: require('./dist/credentials/EsmsApi.credentials').EsmsApi,
	EsmsZns: require('./dist/nodes/EsmsZns/EsmsZns.node').EsmsZns,
	EsmsZnsTrigger: require('./dist/nodes/EsmsZnsTrigger/EsmsZnsTrigger.node').EsmsZnsTrigger,
};

// The corpus of bad requests: what a careless or hostile client sends, and the status and error code each must get.

export interface Known {
  /** A prediction that exists. */
  predictionId: number;
  adminToken: string;
  modelId: string;
}

export interface BadRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  /** Sent as it is (a string or bytes), or as JSON (an object, with content-type application/json unless headers say otherwise). */
  body?: string | Buffer | ((known: Known) => unknown);
  status: number;
  code: string;
  /** What the message must say, so that it tells the client what to change. */
  message?: RegExp;
}

const BOUNDARY = 'prodclass-corpus-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart body with text fields and files, built by hand so that it can be broken on purpose. */
export function multipartBody(fields: [string, string][], files: { field: string; name: string; type: string; data: Buffer }[] = []): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of fields) parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const CSV_HEADER = ',designation,description,productid,imageid\n';
const json = { 'content-type': 'application/json' };
const multipart = { 'content-type': MULTIPART };
const longId = 'a'.repeat(300);

export const BAD_REQUESTS: BadRequest[] = [
  // POST /api/predict: bodies
  { name: 'multipart without a boundary', method: 'POST', url: '/api/predict', headers: { 'content-type': 'multipart/form-data' }, body: 'x', status: 400, code: 'INVALID_INPUT', message: /multipart/ },
  { name: 'multipart cut before its end', method: 'POST', url: '/api/predict', headers: multipart, body: multipartBody([['designation', 'Console']]).subarray(0, 60), status: 400, code: 'INVALID_INPUT', message: /multipart/ },
  { name: 'designation a number', method: 'POST', url: '/api/predict', body: () => ({ designation: 12345 }), status: 400, code: 'INVALID_INPUT', message: /designation.*string/ },
  { name: 'designation a boolean', method: 'POST', url: '/api/predict', body: () => ({ designation: true }), status: 400, code: 'INVALID_INPUT', message: /designation.*string/ },
  { name: 'designation an array', method: 'POST', url: '/api/predict', body: () => ({ designation: ['Console'] }), status: 400, code: 'INVALID_INPUT', message: /designation/ },
  { name: 'designation missing', method: 'POST', url: '/api/predict', body: () => ({ description: 'x' }), status: 400, code: 'INVALID_INPUT', message: /designation/ },
  { name: 'designation empty', method: 'POST', url: '/api/predict', body: () => ({ designation: '' }), status: 400, code: 'INVALID_INPUT', message: /designation/ },
  { name: 'designation too long', method: 'POST', url: '/api/predict', body: () => ({ designation: 'x'.repeat(3000) }), status: 400, code: 'INVALID_INPUT', message: /designation.*2000/ },
  { name: 'description a number', method: 'POST', url: '/api/predict', body: () => ({ designation: 'Console', description: 5 }), status: 400, code: 'INVALID_INPUT', message: /description/ },
  { name: 'unknown property', method: 'POST', url: '/api/predict', body: () => ({ designation: 'Console', categorie: 10 }), status: 400, code: 'INVALID_INPUT', message: /unknown property "categorie"/ },
  { name: 'explain as text', method: 'POST', url: '/api/predict', body: () => ({ designation: 'Console', explain: 'yes' }), status: 400, code: 'INVALID_INPUT', message: /explain.*boolean/ },
  { name: 'unknown origin', method: 'POST', url: '/api/predict', body: () => ({ designation: 'Console', origin: 'batch' }), status: 400, code: 'INVALID_INPUT', message: /origin.*"api", "page"/ },
  { name: 'a JSON array', method: 'POST', url: '/api/predict', headers: json, body: '["Console"]', status: 400, code: 'INVALID_INPUT', message: /object/ },
  { name: 'JSON null', method: 'POST', url: '/api/predict', headers: json, body: 'null', status: 400, code: 'INVALID_INPUT' },
  { name: 'JSON cut short', method: 'POST', url: '/api/predict', headers: json, body: '{"designation": ', status: 400, code: 'INVALID_INPUT', message: /not valid JSON/ },
  { name: '__proto__ key', method: 'POST', url: '/api/predict', headers: json, body: '{"designation":"x","__proto__":{"admin":true}}', status: 400, code: 'INVALID_INPUT', message: /__proto__/ },
  { name: 'constructor.prototype key', method: 'POST', url: '/api/predict', headers: json, body: '{"designation":"x","constructor":{"prototype":{"admin":true}}}', status: 400, code: 'INVALID_INPUT', message: /constructor/ },
  { name: 'empty JSON body', method: 'POST', url: '/api/predict', headers: json, body: '', status: 400, code: 'INVALID_INPUT', message: /empty/ },
  { name: 'text/plain body', method: 'POST', url: '/api/predict', headers: { 'content-type': 'text/plain' }, body: 'Console', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /application\/json/ },
  { name: 'form-urlencoded body', method: 'POST', url: '/api/predict', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'designation=Console', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'JSON over 1 MB', method: 'POST', url: '/api/predict', headers: json, body: JSON.stringify({ designation: 'x', description: 'y'.repeat(1_100_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  {
    name: 'multipart with two images',
    method: 'POST',
    url: '/api/predict',
    headers: multipart,
    body: multipartBody([['designation', 'Console']], [0, 1].map((i) => ({ field: 'image', name: `${i}.png`, type: 'image/png', data: PNG_SIGNATURE }))),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: /one "image" file/,
  },
  { name: 'multipart unknown field', method: 'POST', url: '/api/predict', headers: multipart, body: multipartBody([['designation', 'Console'], ['price', '3']]), status: 400, code: 'INVALID_INPUT', message: /unknown field "price"/ },
  { name: 'multipart field twice', method: 'POST', url: '/api/predict', headers: multipart, body: multipartBody([['designation', 'Console'], ['designation', 'Jeu']]), status: 400, code: 'INVALID_INPUT', message: /twice/ },
  { name: 'multipart explain=maybe', method: 'POST', url: '/api/predict', headers: multipart, body: multipartBody([['designation', 'Console'], ['explain', 'maybe']]), status: 400, code: 'INVALID_INPUT', message: /explain.*boolean/ },
  { name: 'multipart without designation', method: 'POST', url: '/api/predict', headers: multipart, body: multipartBody([['description', 'x']]), status: 400, code: 'INVALID_INPUT', message: /designation/ },
  {
    name: 'multipart image that is a PDF',
    method: 'POST',
    url: '/api/predict',
    headers: multipart,
    body: multipartBody([['designation', 'Console']], [{ field: 'image', name: 'a.png', type: 'image/png', data: Buffer.from('%PDF-1.4 hello') }]),
    status: 415,
    code: 'IMAGE_INVALID',
  },
  {
    name: 'multipart file under another name',
    method: 'POST',
    url: '/api/predict',
    headers: multipart,
    body: multipartBody([['designation', 'Console']], [{ field: 'photo', name: 'a.png', type: 'image/png', data: PNG_SIGNATURE }]),
    status: 400,
    code: 'INVALID_INPUT',
    message: /"image"/,
  },
  { name: 'PUT on a POST route', method: 'PUT', url: '/api/predict', body: () => ({ designation: 'x' }), status: 404, code: 'NOT_FOUND', message: /GET \/api\/docs/ },

  // POST /api/predict/batch
  { name: 'batch multipart without a boundary', method: 'POST', url: '/api/predict/batch', headers: { 'content-type': 'multipart/form-data' }, body: 'x', status: 400, code: 'INVALID_INPUT', message: /multipart/ },
  {
    name: 'batch multipart cut before its end',
    method: 'POST',
    url: '/api/predict/batch',
    headers: multipart,
    body: multipartBody([], [{ field: 'file', name: 'x.csv', type: 'text/csv', data: Buffer.from(`${CSV_HEADER}1,Console,,1,1\n`) }]).subarray(0, 150),
    status: 400,
    code: 'INVALID_INPUT',
    message: /multipart/,
  },
  { name: 'batch as JSON', method: 'POST', url: '/api/predict/batch', body: () => ({ file: 'x.csv' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /multipart/ },
  { name: 'batch without a CSV', method: 'POST', url: '/api/predict/batch', headers: multipart, body: multipartBody([['note', 'no file']]), status: 400, code: 'INVALID_INPUT', message: /"file"/ },
  {
    name: 'batch CSV with neither the challenge columns nor a title column',
    method: 'POST',
    url: '/api/predict/batch',
    headers: multipart,
    body: multipartBody([], [{ field: 'file', name: 'x.csv', type: 'text/csv', data: Buffer.from('a,b\n1,2\n') }]),
    status: 422,
    code: 'DATA_MISSING_COLUMN',
  },
  {
    name: 'batch with an unknown file field',
    method: 'POST',
    url: '/api/predict/batch',
    headers: multipart,
    body: multipartBody([], [{ field: 'other', name: 'x.csv', type: 'text/csv', data: Buffer.from(CSV_HEADER) }]),
    status: 400,
    code: 'INVALID_INPUT',
    message: /"file"/,
  },
  {
    name: 'batch with two CSVs',
    method: 'POST',
    url: '/api/predict/batch',
    headers: multipart,
    body: multipartBody([], [0, 1].map((i) => ({ field: 'file', name: `${i}.csv`, type: 'text/csv', data: Buffer.from(`${CSV_HEADER}${i},Console,,1,1\n`) }))),
    status: 400,
    code: 'INVALID_INPUT',
    message: /one CSV/,
  },
  // Feedback
  { name: 'correctCode an array', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId, correctCode: [10] }), status: 400, code: 'INVALID_INPUT', message: /correctCode.*integer/ },
  { name: 'correctCode as text', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId, correctCode: '10' }), status: 400, code: 'INVALID_INPUT', message: /correctCode.*integer/ },
  { name: 'correctCode a fraction', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId, correctCode: 10.5 }), status: 400, code: 'INVALID_INPUT', message: /correctCode/ },
  { name: 'predictionId as text', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: String(k.predictionId), correctCode: 10 }), status: 400, code: 'INVALID_INPUT', message: /predictionId.*integer/ },
  { name: 'predictionId 0', method: 'POST', url: '/api/feedback', body: () => ({ predictionId: 0, correctCode: 10 }), status: 400, code: 'INVALID_INPUT', message: /predictionId/ },
  { name: 'predictionId 1e300', method: 'POST', url: '/api/feedback', headers: json, body: '{"predictionId": 1e300, "correctCode": 10}', status: 400, code: 'INVALID_INPUT', message: /predictionId/ },
  { name: 'predictionId null', method: 'POST', url: '/api/feedback', body: () => ({ predictionId: null, correctCode: 10 }), status: 400, code: 'INVALID_INPUT', message: /predictionId/ },
  { name: 'feedback unknown property', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId, correctCode: 10, reviewer: 'me' }), status: 400, code: 'INVALID_INPUT', message: /unknown property "reviewer"/ },
  { name: 'feedback without correctCode', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId }), status: 400, code: 'INVALID_INPUT', message: /correctCode/ },
  { name: 'feedback unknown code', method: 'POST', url: '/api/feedback', body: (k) => ({ predictionId: k.predictionId, correctCode: 12 }), status: 422, code: 'DATA_UNKNOWN_CODE' },
  { name: 'feedback unknown prediction', method: 'POST', url: '/api/feedback', body: () => ({ predictionId: 999_999, correctCode: 10 }), status: 404, code: 'NOT_FOUND', message: /predictionId/ },

  // Lists and the review queue
  { name: 'feedback offset past 2^64', method: 'GET', url: '/api/feedback?offset=99999999999999999999', status: 400, code: 'INVALID_INPUT', message: /offset/ },
  { name: 'feedback limit 0', method: 'GET', url: '/api/feedback?limit=0', status: 400, code: 'INVALID_INPUT', message: /limit/ },
  { name: 'feedback limit -1', method: 'GET', url: '/api/feedback?limit=-1', status: 400, code: 'INVALID_INPUT', message: /limit/ },
  { name: 'feedback limit 501', method: 'GET', url: '/api/feedback?limit=501', status: 400, code: 'INVALID_INPUT', message: /limit.*500/ },
  { name: 'feedback limit as a word', method: 'GET', url: '/api/feedback?limit=ten', status: 400, code: 'INVALID_INPUT', message: /limit.*integer/ },
  { name: 'feedback limit given twice', method: 'GET', url: '/api/feedback?limit=1&limit=2', status: 400, code: 'INVALID_INPUT', message: /limit/ },
  { name: 'review offset 1e20', method: 'GET', url: '/api/review?offset=1e20', status: 400, code: 'INVALID_INPUT', message: /offset/ },
  { name: 'review threshold Infinity', method: 'GET', url: '/api/review?threshold=Infinity', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'review threshold 1e999', method: 'GET', url: '/api/review?threshold=1e999', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'review threshold -Infinity', method: 'GET', url: '/api/review?threshold=-Infinity', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'review threshold NaN', method: 'GET', url: '/api/review?threshold=NaN', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'review threshold 1.5', method: 'GET', url: '/api/review?threshold=1.5', status: 400, code: 'INVALID_INPUT', message: /threshold.*1/ },
  { name: 'review threshold empty', method: 'GET', url: '/api/review?threshold=', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'review unknown origin', method: 'GET', url: '/api/review?origin=evil', status: 400, code: 'INVALID_INPUT', message: /origin/ },

  // Jobs
  { name: 'job id of 300 characters', method: 'GET', url: `/api/jobs/${longId}`, status: 400, code: 'INVALID_INPUT', message: /200 characters/ },
  { name: 'job result id of 300 characters', method: 'GET', url: `/api/jobs/${longId}/result`, status: 400, code: 'INVALID_INPUT', message: /200 characters/ },
  { name: 'unknown job', method: 'GET', url: '/api/jobs/does-not-exist', status: 404, code: 'NOT_FOUND' },
  { name: 'job id climbing out', method: 'GET', url: '/api/jobs/..%2F..%2Fetc', status: 404, code: 'NOT_FOUND' },
  { name: 'result of an unknown job', method: 'GET', url: '/api/jobs/nope/result', status: 404, code: 'NOT_FOUND' },
  { name: 'jobs of an unknown kind', method: 'GET', url: '/api/jobs?kind=other', status: 400, code: 'INVALID_INPUT', message: /kind.*"batch", "retrain"/ },
  { name: 'jobs limit 201', method: 'GET', url: '/api/jobs?limit=201', status: 400, code: 'INVALID_INPUT', message: /limit/ },

  // A prediction's photo
  { name: 'prediction id a word', method: 'GET', url: '/api/predictions/abc/image', status: 400, code: 'INVALID_INPUT', message: /integer/ },
  { name: 'prediction id 0', method: 'GET', url: '/api/predictions/0/image', status: 400, code: 'INVALID_INPUT' },
  { name: 'prediction id past 2^64', method: 'GET', url: '/api/predictions/99999999999999999999/image', status: 400, code: 'INVALID_INPUT' },
  { name: 'prediction without a photo', method: 'GET', url: '/api/predictions/999999/image', status: 404, code: 'NOT_FOUND' },

  // Explore and report
  { name: 'training photo that does not exist', method: 'GET', url: '/api/explore/images/image_1_product_1.jpg', status: 404, code: 'NOT_FOUND', message: /image_1_product_1\.jpg/ },
  { name: 'training photo climbing out', method: 'GET', url: '/api/explore/images/..%2F..%2Fetc%2Fpasswd', status: 400, code: 'INVALID_INPUT' },
  { name: 'training photo name too long', method: 'GET', url: `/api/explore/images/${'a'.repeat(120)}.jpg`, status: 400, code: 'INVALID_INPUT' },
  { name: 'category code a word', method: 'GET', url: '/api/explore/categories/abc', status: 400, code: 'INVALID_INPUT', message: /integer/ },
  { name: 'explore wait 61 s', method: 'GET', url: '/api/explore?wait=61', status: 400, code: 'INVALID_INPUT', message: /wait.*60/ },
  { name: 'report in German', method: 'GET', url: '/api/report?lang=de', status: 400, code: 'INVALID_INPUT', message: /lang.*"en", "fr"/ },
  { name: 'report photos=maybe', method: 'GET', url: '/api/report?photos=maybe', status: 400, code: 'INVALID_INPUT', message: /photos.*boolean/ },

  // Admin actions
  { name: 'retrain without a token, with a text body', method: 'POST', url: '/api/retrain', headers: { 'content-type': 'text/plain' }, body: 'go', status: 401, code: 'UNAUTHORIZED', message: /Bearer/ },
  { name: 'retrain with a wrong token', method: 'POST', url: '/api/retrain', headers: { authorization: 'Bearer wrong' }, status: 401, code: 'UNAUTHORIZED', message: /wrong/ },
  { name: 'retrain with Basic auth', method: 'POST', url: '/api/retrain', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'index build without a token', method: 'POST', url: '/api/index', status: 401, code: 'UNAUTHORIZED', message: /Bearer/ },
  { name: 'index build with a wrong token', method: 'POST', url: '/api/index', headers: { authorization: 'Bearer wrong' }, status: 401, code: 'UNAUTHORIZED', message: /wrong/ },
  { name: 'activate without a token, with a large body', method: 'POST', url: '/api/models/x/activate', headers: json, body: JSON.stringify({ x: 'y'.repeat(2_000_000) }), status: 401, code: 'UNAUTHORIZED' },
  { name: 'delete feedback without a token', method: 'DELETE', url: '/api/feedback/1', status: 401, code: 'UNAUTHORIZED' },
  { name: 'delete feedback, id a word', method: 'DELETE', url: '/api/feedback/abc', headers: { authorization: 'Bearer @token' }, status: 400, code: 'INVALID_INPUT' },
  { name: 'delete unknown feedback', method: 'DELETE', url: '/api/feedback/999999', headers: { authorization: 'bearer @token' }, status: 404, code: 'NOT_FOUND' },
  { name: 'activate an unknown model', method: 'POST', url: '/api/models/nope/activate', headers: { authorization: 'BEARER @token' }, status: 404, code: 'NOT_FOUND' },
  { name: 'activate, model id of 300 characters', method: 'POST', url: `/api/models/${longId}/activate`, headers: { authorization: 'Bearer @token' }, status: 400, code: 'INVALID_INPUT' },

  // Anything else
  { name: 'unknown API route', method: 'GET', url: '/api/nope', status: 404, code: 'NOT_FOUND', message: /GET \/api\/docs/ },
  { name: 'page file that does not exist', method: 'GET', url: '/nope.js', status: 404, code: 'NOT_FOUND' },
  { name: 'page path climbing out', method: 'GET', url: '/..%2f..%2f..%2fetc%2fpasswd', status: 404, code: 'NOT_FOUND' },
  { name: 'page hidden file', method: 'GET', url: '/.env', status: 404, code: 'NOT_FOUND' },
  { name: 'page path with encoded dots', method: 'GET', url: '/%2e%2e/%2e%2e/secret.txt', status: 404, code: 'NOT_FOUND' },
  { name: 'page path with backslashes', method: 'GET', url: '/..%5c..%5csecret.txt', status: 403, code: 'FORBIDDEN', message: /climb out/ },
  { name: 'page path with a NUL byte', method: 'GET', url: '/index.html%00.js', status: 403, code: 'FORBIDDEN', message: /climb out/ },
  { name: 'API path with a NUL byte', method: 'GET', url: '/api/jobs/%00', status: 404, code: 'NOT_FOUND' },
  { name: 'malformed percent-encoding', method: 'GET', url: '/api/jobs/%E0%A4%A', status: 400, code: 'INVALID_INPUT', message: /percent-encoding/ },
  { name: 'idempotency key with spaces', method: 'POST', url: '/api/predict/batch', headers: { ...multipart, 'idempotency-key': 'two words' }, body: multipartBody([['note', 'x']]), status: 400, code: 'INVALID_INPUT', message: /Idempotency-Key/ },
  // Similar products (the corpus model has no similarity index: the schema answers first, then the missing index)
  { name: 'similar k 0', method: 'GET', url: '/api/products/1/similar?k=0', status: 400, code: 'INVALID_INPUT', message: /k/ },
  { name: 'similar k past 100', method: 'GET', url: '/api/products/1/similar?k=101', status: 400, code: 'INVALID_INPUT', message: /k/ },
  { name: 'similar k a word', method: 'GET', url: '/api/products/1/similar?k=ten', status: 400, code: 'INVALID_INPUT', message: /k/ },
  { name: 'similar by sound', method: 'GET', url: '/api/products/1/similar?by=sound', status: 400, code: 'INVALID_INPUT', message: /by.*"text", "image", "both"/ },
  { name: 'similar weight above 1', method: 'GET', url: '/api/products/1/similar?weight=2', status: 400, code: 'INVALID_INPUT', message: /weight/ },
  { name: 'similar unknown query parameter', method: 'GET', url: '/api/products/1/similar?limit=5', status: 400, code: 'INVALID_INPUT', message: /limit/ },
  { name: 'similar id too long', method: 'GET', url: `/api/products/${longId}/similar`, status: 400, code: 'INVALID_INPUT', message: /id/ },
  { name: 'similar without an index', method: 'GET', url: '/api/products/1/similar', status: 404, code: 'NOT_FOUND', message: /prodclass index --model/ },
  { name: 'similar body without title', method: 'POST', url: '/api/similar', body: () => ({ description: 'x' }), status: 400, code: 'INVALID_INPUT', message: /title/ },
  { name: 'similar title a number', method: 'POST', url: '/api/similar', body: () => ({ title: 5 }), status: 400, code: 'INVALID_INPUT', message: /title.*string/ },
  { name: 'similar unknown property', method: 'POST', url: '/api/similar', body: () => ({ title: 'x', limit: 5 }), status: 400, code: 'INVALID_INPUT', message: /unknown property "limit"/ },
  { name: 'similar k as text', method: 'POST', url: '/api/similar', body: () => ({ title: 'x', k: '5' }), status: 400, code: 'INVALID_INPUT', message: /k/ },
  { name: 'similar photo as JSON', method: 'POST', url: '/api/similar/photo', body: () => ({ image: 'x' }), status: 400, code: 'INVALID_INPUT', message: /multipart\/form-data, in the field "image"/ },
  { name: 'similar photo k 0', method: 'POST', url: '/api/similar/photo?k=0', headers: multipart, body: multipartBody([], [{ field: 'image', name: 'p.png', type: 'image/png', data: PNG_SIGNATURE }]), status: 400, code: 'INVALID_INPUT', message: /k/ },
  { name: 'similar photo without image', method: 'POST', url: '/api/similar/photo', headers: multipart, body: multipartBody([['title', 'x']]), status: 400, code: 'INVALID_INPUT', message: /no "image" file/ },
  { name: 'similar photo not an image', method: 'POST', url: '/api/similar/photo', headers: multipart, body: multipartBody([], [{ field: 'image', name: 'p.png', type: 'image/png', data: Buffer.from('not an image at all') }]), status: 415, code: 'IMAGE_INVALID' },
  { name: 'similar photo by both without a title', method: 'POST', url: '/api/similar/photo?by=both', headers: multipart, body: multipartBody([], [{ field: 'image', name: 'p.png', type: 'image/png', data: PNG_SIGNATURE }]), status: 400, code: 'INVALID_INPUT', message: /"title" field with the photo/ },
  { name: 'similar photo by text', method: 'POST', url: '/api/similar/photo?by=text', headers: multipart, body: multipartBody([['title', 'x']], [{ field: 'image', name: 'p.png', type: 'image/png', data: PNG_SIGNATURE }]), status: 400, code: 'INVALID_INPUT', message: /by/ },
  { name: 'duplicates unknown query parameter', method: 'GET', url: '/api/duplicates?threshold=0.5', status: 400, code: 'INVALID_INPUT', message: /threshold/ },
  { name: 'duplicates without an index', method: 'GET', url: '/api/duplicates', status: 404, code: 'NOT_FOUND', message: /prodclass index --model/ },
  { name: 'similar a JSON array', method: 'POST', url: '/api/similar', headers: json, body: '["x"]', status: 400, code: 'INVALID_INPUT', message: /object/ },
  // Catalogs: the routes of one that does not exist, a name none can have, creating one wrongly
  { name: 'unknown catalog, health', method: 'GET', url: '/api/catalogs/shoes/health', status: 404, code: 'CATALOG_NOT_FOUND', message: /no catalog "shoes".*GET \/api\/catalogs/ },
  { name: 'unknown catalog, predict', method: 'POST', url: '/api/catalogs/shoes/predict', body: () => ({ designation: 'Basket' }), status: 404, code: 'CATALOG_NOT_FOUND', message: /POST \/api\/catalogs creates one/ },
  { name: 'unknown catalog, activate before the token is read', method: 'POST', url: '/api/catalogs/shoes/models/x/activate', status: 404, code: 'CATALOG_NOT_FOUND' },
  { name: 'catalog name with capitals', method: 'GET', url: '/api/catalogs/Shoes/review', status: 400, code: 'INVALID_INPUT', message: /lower-case letters, digits and dashes/ },
  { name: 'catalog name of 41 characters', method: 'GET', url: `/api/catalogs/${'a'.repeat(41)}/models`, status: 400, code: 'INVALID_INPUT', message: /1 to 40/ },
  { name: 'catalog name with an encoded slash', method: 'GET', url: '/api/catalogs/a%2Fb/health', status: 400, code: 'INVALID_INPUT', message: /catalog/ },
  { name: 'create a catalog without a token', method: 'POST', url: '/api/catalogs', body: () => ({ name: 'shoes', modelsDir: '/srv/shoes' }), status: 401, code: 'UNAUTHORIZED' },
  { name: 'create a catalog without its models folder', method: 'POST', url: '/api/catalogs', headers: { authorization: 'Bearer @token' }, body: () => ({ name: 'shoes' }), status: 400, code: 'INVALID_INPUT', message: /modelsDir/ },
  { name: 'create a catalog, name with a space', method: 'POST', url: '/api/catalogs', headers: { authorization: 'Bearer @token' }, body: () => ({ name: 'my shoes', modelsDir: '/srv/shoes' }), status: 400, code: 'INVALID_INPUT', message: /"my shoes" cannot name a catalog/ },
  { name: 'create the default catalog', method: 'POST', url: '/api/catalogs', headers: { authorization: 'Bearer @token' }, body: () => ({ name: 'default', modelsDir: '/srv/shoes' }), status: 409, code: 'CONFLICT', message: /always exists/ },
  { name: 'create a catalog on a folder that does not exist', method: 'POST', url: '/api/catalogs', headers: { authorization: 'Bearer @token' }, body: () => ({ name: 'shoes', modelsDir: '/nonexistent/prodclass-shoes' }), status: 404, code: 'DATA_NOT_FOUND', message: /folder of model folders/ },
  { name: 'unknown catalog, explore', method: 'GET', url: '/api/catalogs/shoes/explore', status: 404, code: 'CATALOG_NOT_FOUND', message: /no catalog "shoes"/ },
  { name: 'unknown catalog, audit', method: 'POST', url: '/api/catalogs/shoes/audits', status: 404, code: 'CATALOG_NOT_FOUND' },
  { name: 'unknown catalog, similar', method: 'POST', url: '/api/catalogs/shoes/similar', body: () => ({ title: 'x' }), status: 404, code: 'CATALOG_NOT_FOUND' },
  { name: 'unknown catalog, report', method: 'GET', url: '/api/catalogs/shoes/report', status: 404, code: 'CATALOG_NOT_FOUND' },
  { name: 'remove a catalog without a token', method: 'DELETE', url: '/api/catalogs/shoes', status: 401, code: 'UNAUTHORIZED' },
  { name: 'remove the default catalog', method: 'DELETE', url: '/api/catalogs/default', headers: { authorization: 'Bearer @token' }, status: 409, code: 'CATALOG_IS_DEFAULT', message: /cannot be removed/ },
  { name: 'remove an unknown catalog', method: 'DELETE', url: '/api/catalogs/shoes', headers: { authorization: 'Bearer @token' }, status: 404, code: 'CATALOG_NOT_FOUND', message: /GET \/api\/catalogs lists them/ },
  { name: 'remove a catalog, name with capitals', method: 'DELETE', url: '/api/catalogs/Shoes', headers: { authorization: 'Bearer @token' }, status: 400, code: 'INVALID_INPUT', message: /lower-case letters, digits and dashes/ },
  { name: 'remove a catalog, name too long', method: 'DELETE', url: `/api/catalogs/${'a'.repeat(201)}`, headers: { authorization: 'Bearer @token' }, status: 400, code: 'INVALID_INPUT', message: /catalog/ },
  { name: 'create a catalog, unknown property', method: 'POST', url: '/api/catalogs', headers: { authorization: 'Bearer @token' }, body: () => ({ name: 'shoes', modelsDir: '/srv/shoes', models: 'x' }), status: 400, code: 'INVALID_INPUT', message: /unknown property "models"/ },
];

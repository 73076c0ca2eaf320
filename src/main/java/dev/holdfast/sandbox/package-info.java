/**
 * <h2>The Genesys sandbox</h2>
 *
 * <p>A faithful, seeded emulator of the parts of the Genesys Cloud API that Holdfast uses, served over real HTTP
 * by the JDK {@code HttpServer} (no other dependency than Jackson). Start it with
 * {@code GenesysSandbox.start(Scenario.defaults(seed), "127.0.0.1", port)}; login and API share
 * {@link dev.holdfast.sandbox.GenesysSandbox#baseUrl()}, media comes from a second port under the host name
 * {@code localhost}. It is standalone: it imports nothing from other Holdfast packages and the exporter never
 * imports it.
 *
 * <h3>What it serves</h3>
 * <ul>
 *   <li>{@code POST /oauth/token}: client credentials with HTTP Basic ({@code holdfast-demo}/{@code holdfast-demo}
 *       by default); 401 {@code invalid_client}, 400 {@code unauthorized_client}.</li>
 *   <li>{@code POST /api/v2/analytics/conversations/details/query}: conversations that started on a UTC day
 *       touched by the interval (max 7 days, pageSize max 100), no participant attributes.</li>
 *   <li>Analytics jobs: submit (202 {@code jobId}), status (QUEUED, then FULFILLED), results by cursor (with
 *       participant attributes, hidden when newer than the data-lake lag), cancel, availability.</li>
 *   <li>{@code GET /api/v2/conversations/{id}} (participant attributes, calls), analytics details of one or
 *       several conversations.</li>
 *   <li>Recordings: the list (waits up to {@code maxWaitMs}, then 202 with an empty body while any recording
 *       still transcodes), one recording (202 with a
 *       body while it transcodes, else a fresh presigned URL each call), metadata (never 202), and the PUT whose
 *       future {@code archiveDate} restores an ARCHIVED recording (RESTORING, then RESTORED).</li>
 *   <li>Batch download requests (max 100 items; InProgress, then Completed with Ogg/Opus result URLs or
 *       {@code errorMsg}), readable only by the submitting client.</li>
 *   <li>{@code GET /api/v2/organizations/me}; deletion protection PUT/POST.</li>
 *   <li>Media: S3-style presigned URLs (HMAC signature, expiry); WAV for direct media, Ogg/Opus for batch,
 *       WebM for screen recordings; bytes generated and streamed in chunks from the seed.</li>
 * </ul>
 *
 * <h3>The faults, all drawn from the seed</h3>
 * <ul>
 *   <li>legal hold is exactly {@code legal_hold = "true"} on the customer or IVR participant; decoys carry
 *       {@code "false"}, {@code "True"} or {@code Legal_Hold};</li>
 *   <li>transcoding, which starts when media is first asked for (1..4 s; 6..12 s for long calls, longer than
 *       one list call waits by default); recordings AVAILABLE without media URIs (batch
 *       only); a stale first media URL (404 NoSuchKey once); expired URLs (403 "Request has expired");</li>
 *   <li>several recordings per conversation after transfers (Trunk, Consult, sometimes Screen); ARCHIVED,
 *       DELETED and ERROR recordings; optional hostile recording ids and one very large recording;</li>
 *   <li>data-lake lag for jobs; conversations repeated across job result pages;</li>
 *   <li>a per-token 60 s rate limit (429 + Retry-After + {@code inin-ratelimit-*} headers), injected 429s and
 *       500/502/503 ErrorBodies, short-lived tokens (401 {@code bad.credentials}).</li>
 * </ul>
 *
 * <p>{@link dev.holdfast.sandbox.GenesysSandbox#groundTruth()} lists what a perfect export would hold (with
 * SHA-256 of the bytes served); {@link dev.holdfast.sandbox.GenesysSandbox#journal()} counts what clients did
 * (requests per endpoint, 429s, Retry-After violations, media requests carrying Authorization).
 */
package dev.holdfast.sandbox;

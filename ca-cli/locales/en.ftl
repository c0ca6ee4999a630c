# The messages of `ca` in English. Every key here is in ru.ftl too, with the same variables
# (the catalogue test checks both). English --help comes from the code's doc comments.

## Identifiers and their problems.
field-snils = СНИЛС
field-inn = ИНН
field-innle = ИНН ЮЛ
field-ogrn = ОГРН
field-ogrnip = ОГРНИП
identifier-not-a-digit = { $char } is not a digit
identifier-length = has { $found } digits, expected { $expected }
identifier-check-number = check number is { $expected }
identifier-check-digit = check digit { $position } is { $given }, expected { $expected }
identifier-not-a-number = not a number

## Errors of ca-core that carry their facts (the same words as the library's).
error-identifier = --{ $flag } { $value }: { $problem }
error-wrong-passphrase = wrong passphrase for { $path }
error-wrong-officer-passphrase = wrong passphrase for officer { $officer }
error-unknown-officer = officer { $officer } is unknown or disabled
error-not-allowed = officer { $officer } ({ $role }) may not { $action }: it needs the { $needed } role
error-key-already-certified = this public key is already certified by this CA (serial { $serial }); a key is certified once
error-bad-serial = serial { $serial } is not a hexadecimal serial number
error-unknown-serial = no certificate with serial { $serial } in the register
error-home-exists = { $path } already holds a CA; choose another --home
error-home-in-use = CA home { $path } is in use by another ca process; try again when it has finished
error-no-home = { $path } is not a CA home ({ $problem }); run `ca init` first or pass --home
error-unreachable = { $url }: { $reason }

## Secrets and prompts.
secret-ca = CA key passphrase
secret-parent-ca = parent CA key passphrase
secret-signing-key = signing key passphrase (PIN)
secret-new-officer = new officer's passphrase
prompt-secret = { $what }:{" "}
prompt-secret-again = { $what } again:{" "}
secret-entries-differ = the two entries differ
secret-missing = no { $what }: set { $env } or pass { $flag } FILE (it is never taken from the command line)
secret-empty = the { $what } is empty

## ca show.
show-serial = serial
show-subject = subject
show-status = status
show-profile = profile
show-valid = valid
show-valid-range = { $from } to { $to }
show-officer = officer
show-identified = identified
show-history = history
show-history-entry = { $time }  { $action } by { $officer }
show-printed = wrote { $path } (the holder's copy of certificate { $serial })

## ca verify.
verify-valid = { $file }: signature VALID
verify-not-valid = { $file }: signature NOT VALID
verify-signer = signer: { $subject } (serial { $serial })
verify-signing-time = signing time (claimed by the signer): { $time }
verify-time-stamped = validation time: { $time } (time-stamp by { $tsa })
verify-time-now = validation time: { $time } (now: no time-stamp proves an earlier time)
verify-chain = chain[{ $index }]: { $subject }
verify-revocation = revocation: { $status } ({ $source })
verify-revocation-of = revocation of { $subject } (serial { $serial }): { $status } ({ $source })
verify-embedded = embedded { $kind } for serial { $serial }: { $detail }
verify-embedded-used = embedded { $kind } for serial { $serial }: used: { $detail }
verify-note = note: { $note }
verify-check-ok = ok
verify-check-failed = FAILED

## Issuance and batches.
issued-summary = issued   { $serial }
    subject  { $subject }
    profile  { $profile }
    valid    { $from } to { $to }
issued-wrote = wrote    { $file }
issued-pin = PIN      { $pin }   (shown once: hand it to the applicant; it opens the .key.p8 and .p12)
batch-verb-issued = issued
batch-verb-revoked = revoked
batch-done = { $done } { $verb }, 0 refused
batch-refused = { $done } { $verb }, { $refused } refused (lines { $lines })
batch-line-issued = line { $line }: issued { $serial }  { $subject }{ $pin }
batch-line-refused = line { $line }: refused: { $error }
batch-line-changed = line { $line }: { $serial } is { $status } ({ $reason })
progress-enroll = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} rows  {"{"}per_sec{"}"}  eta {"{"}eta{"}"}
progress-revoke = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} revoked  {"{"}per_sec{"}"}  eta {"{"}eta{"}"}

## Status changes and CRLs.
status-valid = valid
status-on-hold = on-hold
status-revoked = revoked
status-expired = expired
status-issuing = issuing
status-good = good
status-unknown = unknown
changed = { $serial } is { $status }
changed-since = { $serial } is { $status } ({ $reason }) since { $time }
changed-make-crl = make a CRL so relying parties see it: ca crl
crl-kind-full = full CRL
crl-kind-delta = delta CRL (base { $base })
crl-made = { $kind } number { $number } with { $entries } entries, valid { $from } to { $to }
    wrote { $path }
status-revoked-since = { $cert }: revoked since { $time } ({ $reason })
status-answer = answer of { $url } signed by { $signer }, this update { $this_update }, next update { $next_update }

## Officers and the CA.
officer-added = added
officer-disabled = disabled
officer-role-changed = changed
officer-changed = officer { $name } ({ $role }) { $what }
init-created = CA created in { $home }
init-subject = subject
init-valid-until = valid until
init-key = key
init-key-value = { $algorithm } (encrypted: { $path })
init-chain = chain
init-ocsp-signer = OCSP signer
init-ocsp-signer-value = { $certificate } (serial { $serial }, until { $until })
init-note = note
init-no-urls = no --ocsp-url/--crl-url given: certificates will carry no AIA OCSP URL or CRL distribution point (set them in ca.toml)
init-bad-services-url = --services-url { $url }: give the responder's base URL, http://HOST:PORT

## Usage errors.
usage-status = --status { $status }: expected one of { $known }
usage-not-a-certificate = { $path } is not a certificate: { $error }
usage-no-ocsp-url = the certificate names no OCSP responder; pass --url URL
usage-cannot-read = cannot read { $path }: { $error }
usage-no-trusted = { $path } holds no trusted certificate ({ $why }); give a PEM or DER certificate file
usage-revocation = --revocation { $value }: use required, if-available or off
usage-ocsp = --ocsp { $value }: use auto, off or an http:// URL
usage-extend = give --query FILE, or --out FILE with --tsa URL, --token FILE or --long-term
usage-extend-out = give --tsa URL, --token FILE or --long-term with --out
usage-revoke = give a serial, or --batch FILE.csv

## Signing, extending, service signers.
sign-done = signed { $file } as { $subject } (serial { $serial })
    wrote { $out }
sign-time-stamped = time-stamped by the TSA: it existed at { $time }
collected-embedded = embedded { $kind } of { $subject } (serial { $serial }) from { $url }: { $status }
collected-none = no { $kind } of { $subject } (serial { $serial }) from { $url }: { $status }
extend-query-written = wrote { $query } (an RFC 3161 request for the signature's value); send it to a TSA, then: ca extend { $sig } --token ANSWER.tsr --out FILE
extend-stamped = added a signature time-stamp from { $url } (it existed at { $time })
extend-token-added = added the signature time-stamp from { $token }
extend-long-term = embedded the validation material (long-term)
extend-done = { $what } to { $sig }
    wrote { $out }
signer-ocsp = OCSP signer
signer-ocsp-next = copy both to each responder and send it SIGHUP (it keeps answering meanwhile)
signer-tsa = TSA certificate
signer-tsa-next = give both to ocsp-server (--tsa-cert, --tsa-key) and send it SIGHUP
signer-new = new { $what } { $serial }, valid until { $until }
    wrote { $certificate } and { $key }
    { $next }

## Responders, the audit log, lists.
delivery-up-to-date = { $url }: up to date (sequence { $sequence })
delivery-done = { $url }: delivered { $what } with { $entries } certificates (now at sequence { $sequence })
delivery-full = a full snapshot
delivery-changes = the changes
delivery-queued = { $url }: NOT delivered, { $behind } change(s) kept in the outbox ({ $reason }); `ca publish` retries
delivery-failed = the change is recorded, but delivery to the responders failed: { $error }; `ca publish` retries
responder-none = no responder is registered: add one with `ca responder add URL`
responder-registered = responder { $url } registered
responder-removed = responder { $url } is no longer fed
responder-feed-sequence = feed sequence { $sequence }
responder-up-to-date = up to date
responder-behind = { $behind } behind
responder-behind-error = { $behind } behind, last error: { $error }
responder-row = { $url }  at { $at }  { $state }  (added { $added } by { $by })
audit-intact = audit log intact: { $entries } entries, signed by the CA up to entry { $signed }
list-none = no certificates match

## More errors of ca-core (the library's words).
error-status-conflict = certificate { $serial } is { $status }: { $problem }
status-problem-revoked = already revoked; a revocation is final
status-problem-on-hold = already on hold
status-problem-not-on-hold = not on hold, so not released
status-problem-nothing-to-lift = has no revocation to lift
error-csr = CSR refused: { $problem }
error-subject = subject { $dn }: { $problem }
error-key = key: { $problem }
error-config = configuration { $path }: { $problem }

## ca quickstart.
qs-created = 1. CA created in { $home }
qs-opened = 1. CA opened in { $home }
qs-chain = {"   "}chain { $chain }
qs-ocsp-signer = {"   "}OCSP signer { $cert } (key { $key })
qs-issued = 2. signing certificate { $serial } issued and recorded
qs-subject = {"   "}subject { $subject }
qs-files = {"   "}files   { $files }  PIN { $pin }
qs-check = 3. check it with a peer nobody here wrote:
qs-not-on-path = {"   "}(ca is not on your PATH, so the commands below name the binaries where cargo built them; to install both: cargo install --locked --path ca-cli && cargo install --locked --path ocsp-server)
qs-find = 4. find it again:  { $list }   /   { $show }
qs-ocsp = 5. answer OCSP for it: start a responder, feed it, ask it
qs-signed-valid = 6. a document signed with it and verified: VALID
qs-signed-not-valid = 6. a document signed with it and verified: NOT VALID
qs-with-responder = with the responder of step 5 running
error-register = register: { $problem }
error-io = { $path }: { $problem }
error-untrusted = the OCSP response cannot be trusted: { $problem }
error-rolled-back = the register is behind what the responders hold — rolled back to an older copy, or this is a stale copy of the CA home: { $problem }. Nothing was changed. If this home was restored from a backup on purpose, make the changes since again, then `ca publish --rebase URL` for each responder (docs/deployment.md)
error-files-not-written = certificate { $serial } is issued and in the register, but its files could not be written ({ $problem }); revoke it and enroll again
error-unknown-profile = unknown profile { $profile } (known: signing, ocsp-signer, sub-ca and those in ca.toml)
error-profile-not-allowed = officer { $officer } ({ $role }) may not issue with profile { $profile }: it needs the { $needed } role
list-serial = serial
list-status = status
list-not-after = not after
list-subject = subject
officer-list-name = name
officer-list-role = role
officer-list-state = state
officer-list-added = added
officer-list-added-by = added by
officer-enabled = enabled
snapshot-written = status snapshot { $sequence } with { $entries } certificates written to { $path }
    load it with: ocsp-server import { $path } --data DIR --ca-cert ca.pem
    or into a running responder: curl -H "feed-body: $(cat { $header })" --data-binary @{ $path } http://RESPONDER/publish
check-signed-attributes = signed-attributes
check-digest = digest
check-signature = signature
check-signing-certificate = signing-certificate
check-timestamp = timestamp
check-signing-time = signing-time
check-chain = chain
check-key-usage = key-usage
check-revocation = revocation
error-weak-passphrase = the passphrase is too easy to guess (strength { $score } of 4, { $needed } needed; about 10^{ $guesses } guesses){ $warning }. Use four or more unrelated words, or 12 or more random characters; length alone is not enough


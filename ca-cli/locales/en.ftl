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

# ocsp-server's start-up messages in English; every key is in ru.ftl with the same variables.
# English --help is the code's doc comments. Log lines and metrics are English always.
need-data = --data DIR is needed
need-ca-cert = --ca-cert FILE is needed
need-signer-cert = --signer-cert is needed to answer (HOME/ocsp/signer.pem)
need-signer-key = --signer-key is needed to answer (HOME/ocsp/signer.key)
reading = reading { $path }
bad-policy = --tsa-policy { $policy } is not an OID: { $error }
import-applied = status update { $sequence } applied: { $entries } certificates
import-refused = status update { $sequence } refused: { $error }
import-replayed = already applied (replayed); the replica is at sequence { $at }; nothing applied
import-out-of-order = out of order (it starts elsewhere); the replica is at sequence { $at }; nothing applied
import-fork = a FORK: it follows another history than the one held (a copy of the CA, or the CA restored from a backup?); an admin re-bases with `ca publish --rebase URL`; the replica is at sequence { $at }; nothing applied

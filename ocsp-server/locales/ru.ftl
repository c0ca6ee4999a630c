# Сообщения ocsp-server при запуске на русском (те же ключи и переменные, что в en.ftl) и
# справка --help (cmd-*, arg-*). Строки журнала и метрики всегда на английском.
need-data = нужен --data КАТАЛОГ
need-ca-cert = нужен --ca-cert ФАЙЛ
need-signer-cert = чтобы отвечать, нужен --signer-cert (HOME/ocsp/signer.pem)
need-signer-key = чтобы отвечать, нужен --signer-key (HOME/ocsp/signer.key)
reading = чтение { $path }
bad-policy = --tsa-policy { $policy } — не OID: { $error }
import-applied = изменение статусов { $sequence } применено: сертификатов { $entries }
import-refused = изменение статусов { $sequence } отклонено: { $error }

cmd = OCSP-служба УЦ, получающая подписанные УЦ изменения статусов
arg-listen = Адрес, на котором принимать запросы
arg-data = Каталог данных службы (её копия статусов)
arg-ca_cert = Сертификат УЦ (PEM), первый сертификат HOME/ca.pem
arg-signer_cert = Сертификат OCSP-подписанта (HOME/ocsp/signer.pem)
arg-signer_key = Ключ OCSP-подписанта (HOME/ocsp/signer.key); парольная фраза зашифрованного — из --signer-passphrase-file или OCSP_SIGNER_PASSPHRASE
arg-signer_passphrase_file = Файл с парольной фразой зашифрованного ключа подписанта
arg-validity = Срок действия каждого ответа (nextUpdate − thisUpdate), секунд
arg-max_age = Сколько HTTP-кэши могут хранить ответ на GET (Cache-Control max-age), секунд; отзыв доходит до клиентов за кэшем не позже
arg-max_connections = Одновременно обслуживаемых соединений
arg-header_timeout = Время на получение заголовков запроса (и простой между запросами), секунд
arg-feed_url = Адрес этой службы, как его зарегистрировал УЦ (`ca responder add URL`), в подписанных ею подтверждениях (по умолчанию http:// и --listen)
arg-max_feed_connections = Одновременно принимаемых изменений статусов (`POST /publish`); остальным сразу 503
arg-tsa_cert = Сертификат службы штампов времени (HOME/tsa/signer.pem, от `ca tsa-signer`): с --tsa-key POST /tsp отвечает на запросы RFC 3161
arg-tsa_key = Ключ службы штампов времени (HOME/tsa/signer.key); парольная фраза зашифрованного — из TSA_SIGNER_PASSPHRASE или --tsa-passphrase-file
arg-tsa_passphrase_file = Файл с парольной фразой ключа службы штампов времени
arg-tsa_policy = OID политики в каждом штампе (запрос с другой отклоняется: unacceptedPolicy); по умолчанию политика ETSI 0.4.0.2023.1.1
arg-log_format = Строки журнала: text (строка на событие) или json (объект JSON на строку); всегда в stderr
arg-log_level = Наименьшая важность записываемых событий: error, warn, info или debug
arg-lang = Язык справки и сообщений при запуске: en или ru (по умолчанию — по локали); журнал и метрики всегда на английском
cmd-import = Загрузить файл подписанного изменения статусов в копию и завершиться
arg-import-file = Файл, записанный `ca publish --out`
import-replayed = уже применено (повтор); реплика на номере { $at }; ничего не применено
import-out-of-order = не по порядку (начинается с другого номера); реплика на номере { $at }; ничего не применено
import-fork = РАЗВИЛКА: изменение продолжает другую историю, чем хранимая (копия УЦ или УЦ, восстановленный из резервной копии?); администратор переносит реплику командой `ca publish --rebase URL`; реплика на номере { $at }; ничего не применено

# ca-core's refusals (ca_core::Refusal) in Russian: one message per `refusal!` key in
# ca-core/src, with the arguments the call passes (a test reads the calls). English needs no
# catalogue: the library's own text is the English.

refusal-batch-header = строка заголовков: { $problem }
refusal-batch-no-column = нет столбца «{ $column }»
refusal-batch-row = { $problem }
refusal-batch-unknown-column = неизвестный столбец «{ $name }» (известны: { $known })
refusal-ca-certificate = сертификат УЦ: { $problem }
refusal-ca-expired = срок действия сертификата УЦ истёк; выпускать сертификаты нельзя
refusal-chain-certificate = сертификат цепочки: { $problem }
refusal-class-policy = политика класса средств: { $problem }
refusal-crl-to-embed = список отозванных сертификатов для встраивания не читается: { $problem }
refusal-days = --days — не меньше 1
refusal-delta-url-not-ascii = адрес разностного списка отозванных сертификатов «{ $url }» должен состоять из символов ASCII
refusal-email-not-address = «{ $email }» — не адрес электронной почты
refusal-feed-header = заголовок { $header } { $reason ->
    [base64] не в base64
    [not-signed] подписан не этим УЦ
    [not-header] — не заголовок обновления статусов
   *[unreadable] не читается
    }; ничего не прочитано
refusal-feed-not-signed = обновление статусов подписано не этим УЦ; ничего не применено
refusal-feed-not-update = это не обновление статусов: { $problem }
refusal-feed-unreadable = обновление статусов не читается: { $problem }
refusal-hex-too-long = «{ $text }» — не шестнадцатеричное число длиной не более 64 байт
refusal-identified-by = --identified-by { $given }: ожидается одно из: { $known }
refusal-last-admin = { $name } — последний администратор; сначала добавьте другого администратора
refusal-no-base-crl = ещё нет полного списка отозванных сертификатов, на котором строится разностный; сначала выполните `ca crl`
refusal-no-issuer-certificate = в подписи нет сертификата, выпустившего сертификат подписывающего: укажите его при подписании (--chain)
refusal-no-officer-change = нет сотрудника, которого нужно изменить
refusal-no-responder = ответчик { $url } не зарегистрирован (ca responder list)
refusal-no-signer-certificate = сертификата подписывающего нет в подписи
refusal-no-timestamp = в подписи нет штампа времени подписи: долгосрочной подписи он нужен прежде всего (--tsa URL)
refusal-no-trust = не указан сертификат ({ $what })
refusal-no-validation-data = данные для проверки сертификата подписывающего получить не удалось ({ $why }); ничего не записано
refusal-no-validation-source = в сертификате подписывающего нет ни ответчика OCSP, ни точки распространения списка отозванных сертификатов: ничто не подтверждает его действительность
refusal-not-certificate = это не сертификат: { $problem }
refusal-not-hex = «{ $text }» — не шестнадцатеричное число
refusal-not-issued-by = сертификат выпущен не указанным издателем (имена различаются); укажите сертификат выпустившего его УЦ
refusal-not-numeric-string = «{ $text }» — не строка из цифр (NumericString)
refusal-ocsp-signer-certificate = сертификат подписи ответов OCSP: { $problem }
refusal-ocsp-signer-other-ca = сертификат подписи ответов OCSP выпущен не этим УЦ
refusal-ocsp-signer-usage = сертификат не предназначен для подписи ответов OCSP (нет расширенного назначения OCSPSigning); выпустите его командой `ca ocsp-signer`
refusal-officer-changed = сотрудник { $name } тем временем изменён
refusal-officer-exists = сотрудник { $name } уже есть
refusal-officer-name = имя сотрудника «{ $name }»: от 1 до 64 букв, цифр, «.», «-» или «_»
refusal-officer-same-role = у { $name } уже роль { $role }
refusal-one-signer = в подписи должен быть ровно один подписывающий
refusal-passphrase-not-utf8 = пароль — не текст UTF-8
refusal-pem-bad = неверный PEM: { $problem }
refusal-pem-missing = нет блока PEM там, где ожидался { $wanted }
refusal-pem-no-certificate = во входных данных PEM нет блока CERTIFICATE (найдены { $labels })
refusal-pem-no-end = в блоке PEM нет строки END
refusal-pem-none = во входных данных нет блока PEM
refusal-pem-other = блок PEM { $names } там, где ожидался { $wanted }
refusal-profile-auditor = профиль { $name }: аудитор не выпускает сертификаты; least_role должен быть officer или admin
refusal-profile-days = профиль { $name }: days — не меньше 1
refusal-profile-extended-key-usage = профиль { $name }: неизвестное расширенное назначение ключа «{ $usage }»
refusal-profile-key-usage = профиль { $name }: неизвестное назначение ключа «{ $usage }»
refusal-profile-least-role = профиль { $name }: least_role: { $problem }
refusal-profile-no-key-usage = профиль { $name }: key_usage не может быть пустым
refusal-profile-no-least-role = профиль { $name }: не задан least_role; укажите, кто может выпускать по нему (least_role = "officer" или "admin")
refusal-profile-policy = профиль { $name }: политика «{ $policy }» — не OID
refusal-profile-service = профиль { $name } выпускает { $what }: его least_role должен быть admin
refusal-qualified-ca-key = квалифицированный сертификат подписывается по ГОСТ Р 34.10-2012; ключ этого УЦ — { $key }
refusal-qualified-class = [qualified] class «{ $class }» в ca.toml: укажите KC1, KC2 или KC3
refusal-qualified-field-length = [qualified] { $field } в ca.toml: от 1 до { $max } символов
refusal-qualified-holder-key = квалифицированный сертификат удостоверяет только ключи ГОСТ Р 34.10-2012; этот ключ — { $key }
refusal-qualified-missing = квалифицированному сертификату { $holder ->
    [sole-trader] индивидуального предпринимателя
    [organisation] юридического лица
   *[person] физического лица
    } нужны { $missing } (приказ ФСБ № 795)
refusal-qualified-no-section = профилю qualified нужен раздел [qualified] в ca.toml: subject_sign_tool, sign_tool, ca_tool, sign_tool_cert, ca_tool_cert, class (docs/gost.md)
refusal-reason = --reason { $given }: ожидается одно из: { $known }
refusal-renew-other-holder = --renew { $serial }: сертификат выдан другому владельцу ({ $holder })
refusal-renew-status = --renew { $serial }: сертификат { $status ->
    [revoked] отозван
    [on-hold] приостановлен
    [expired] истёк
   *[other] { $status }
    }
refusal-request-no-key = в запросе нет открытого ключа
refusal-responder-exists = ответчик { $url } уже зарегистрирован
refusal-responder-no-host = в адресе ответчика «{ $url }» нет узла
refusal-responder-unknown = ответчик { $url } не зарегистрирован
refusal-responder-url = адрес ответчика «{ $url }»: укажите его как http://узел:порт (обновления подписаны УЦ, поэтому идут по обычному HTTP)
refusal-signature-unreadable = подпись не читается: { $problem }
refusal-signer-certificate = сертификат подписывающего: { $problem }
refusal-signer-not-good = { $source } по адресу { $url } сообщает, что сертификат подписывающего { $status ->
    [revoked] отозван
   *[unknown] неизвестен
    }: долгосрочная подпись не прошла бы проверку; ничего не записано
refusal-subject-empty = имя владельца пустое
refusal-time-before-1970 = время «{ $time }» раньше 1970 года
refusal-time-not-rfc3339 = время «{ $time }» записано не по RFC 3339: { $problem }
refusal-token-other-signature = отклонено: { $problem }
refusal-token-present = в подписи уже есть этот самый штамп времени
refusal-token-unreadable = штамп времени не читается: { $problem }
refusal-too-much-revocation-info = в подписи оказалось бы { $count } списков отозванных сертификатов и ответов OCSP; хранится не более { $max }
refusal-trust-unreadable = сертификат ({ $what }) не читается: { $problem }
refusal-tsa-answered = служба штампов времени { $url } ответила: { $problem }
refusal-tsa-certificate = сертификат службы штампов времени: { $problem }
refusal-tsa-key-usage = в сертификате службы штампов времени должно быть одно расширенное назначение id-kp-timeStamping, критическое (RFC 3161 §2.3): выпустите его командой `ca tsa-signer`
refusal-tsa-nonce = служба штампов времени { $url } не вернула nonce запроса: отклонено (повторённый или чужой ответ)
refusal-unknown-key-algorithm = алгоритм ключа «{ $name }» неизвестен (известны: { $known })
refusal-unknown-register = реестр «{ $name }» неизвестен (известны: sled, redb)
refusal-unknown-role = роль «{ $role }» неизвестна (известны: admin, officer, auditor)
refusal-url-not-ascii = адрес «{ $url }» должен состоять из символов ASCII

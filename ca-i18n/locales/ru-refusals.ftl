# ca-core's refusals (ca_core::Refusal) in Russian: one message per `refusal!` key in
# ca-core/src, with the arguments the call passes (a test reads the calls). English needs no
# catalogue: the library's own text is the English.

refusal-batch-header = строка заголовков: { $problem }
refusal-batch-no-column = нет столбца «{ $column }»
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
refusal-no-issuer-certificate = в подписи нет сертификата, выпустившего сертификат подписавшего: укажите его при подписании (--chain)
refusal-no-officer-change = нет оператора, которого нужно изменить
refusal-no-responder = OCSP-служба { $url } не зарегистрирована (ca responder list)
refusal-no-signer-certificate = сертификата подписавшего нет в подписи
refusal-no-timestamp = в подписи нет штампа времени подписи: долгосрочной подписи он нужен прежде всего (--tsa URL)
refusal-no-trust = не указан сертификат ({ $what })
refusal-no-validation-data = данные для проверки сертификата подписавшего получить не удалось ({ $why }); ничего не записано
refusal-no-validation-source = в сертификате подписавшего нет ни OCSP-службы, ни точки распространения списка отозванных сертификатов: ничто не подтверждает его действительность
refusal-not-certificate = это не сертификат: { $problem }
refusal-not-hex = «{ $text }» — не шестнадцатеричное число
refusal-not-issued-by = сертификат выпущен не указанным издателем (имена различаются); укажите сертификат выпустившего его УЦ
refusal-not-numeric-string = «{ $text }» — не строка из цифр (NumericString)
refusal-ocsp-signer-certificate = сертификат OCSP-подписанта: { $problem }
refusal-ocsp-signer-other-ca = сертификат OCSP-подписанта выпущен не этим УЦ
refusal-ocsp-signer-usage = сертификат не предназначен для подписи ответов OCSP (нет расширенного назначения OCSPSigning); выпустите его командой `ca ocsp-signer`
refusal-officer-changed = оператор { $name } тем временем изменён
refusal-officer-exists = оператор { $name } уже есть
refusal-officer-name = имя оператора «{ $name }»: от 1 до 64 букв, цифр, «.», «-» или «_»
refusal-officer-same-role = у { $name } уже роль { $role }
refusal-one-signer = в подписи должен быть ровно один подписавший
refusal-passphrase-not-utf8 = парольная фраза — не текст UTF-8
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
refusal-request-no-key = в запросе нет ключа проверки электронной подписи
refusal-responder-exists = OCSP-служба { $url } уже зарегистрирована
refusal-responder-no-host = в адресе OCSP-службы «{ $url }» нет узла
refusal-responder-unknown = OCSP-служба { $url } не зарегистрирована
refusal-responder-url = адрес OCSP-службы «{ $url }»: укажите его как http://узел:порт (обновления подписаны УЦ, поэтому идут по обычному HTTP)
refusal-signature-unreadable = подпись не читается: { $problem }
refusal-signer-certificate = сертификат подписавшего: { $problem }
refusal-signer-not-good = { $source } по адресу { $url } сообщает, что сертификат подписавшего { $status ->
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
refusal-key-aes-256-gcm-key = ключ AES-256-GCM
refusal-key-bit-gost-key-names = { $bits }-битный ключ ГОСТ ссылается на набор параметров { $set }
refusal-key-ca-key-does-not = ключ УЦ не соответствует сертификату УЦ
refusal-key-ctr-acpkm-iv-bytes = вектор инициализации CTR-ACPKM шифра { $cipher } — { $found } байт вместо { $expected }
refusal-key-ec-curve-not-supported = кривая EC { $other } не поддерживается (используйте P-256 или P-384)
refusal-key-ec-key-on-unsupported = ключ EC на неподдерживаемой кривой (используйте P-256 или P-384)
refusal-key-ec-key-rejected = ключ EC отклонён ({ $problem })
refusal-key-ec-key-without-named = ключ EC без имени кривой
refusal-key-ed25519-key-whose-algorithm = у алгоритма ключа Ed25519 есть параметры (RFC 8410: их быть не должно)
refusal-key-encrypted-passphrase-was-given = { $path } зашифрован, а парольная фраза не указана
refusal-key-encrypting-key = шифрование ключа: { $problem }
refusal-key-expected-pkcs-8-key = { $path }: { $what } (ожидается ключ PKCS#8, PEM или DER)
refusal-key-file = { $path }: { $problem }
refusal-key-generated-key-not-pkcs = созданный ключ — не PKCS#8: { $problem }
refusal-key-generating-key = создание ключа { $algorithm }: { $problem }
refusal-key-gost-key-parameters = параметры ключа ГОСТ: { $problem }
refusal-key-gost-key-without-parameter = ключ ГОСТ без набора параметров
refusal-key-gost-public-key-octet = ключ проверки электронной подписи ГОСТ записывается как OCTET STRING: { $problem }
refusal-key-gost-public-key-with = в ключе проверки электронной подписи ГОСТ есть неиспользуемые биты
refusal-key-key-does-not-belong = ключ не соответствует сертификату (ключи проверки электронной подписи различаются)
refusal-key-key-file-asks-for = файл ключа требует { $found } итераций PBKDF2 (допускается от 1 до { $max })
refusal-key-key-names-digest-not = ключ { $set } ссылается на хеш-функцию { $digest }, а не на Стрибог-{ $bits }
refusal-key-key-rejected = ключ отклонён: { $problem }
refusal-key-key-slot-scrypt-parameters = ячейка ключа оператора { $officer }: параметры scrypt: { $problem }
refusal-key-malformed-rsa-public-key = неверный ключ проверки электронной подписи RSA: { $problem }
refusal-key-nonce = одноразовое число (nonce)
refusal-key-not-gost-r-34 = { $other } — не ключ ГОСТ Р 34.10-2012
refusal-key-not-pkcs-8-private = это не закрытый ключ PKCS#8: { $problem }
refusal-key-ocsp-signer-key-does = ключ OCSP-подписанта не соответствует его сертификату
refusal-key-officer-s-private-key = закрытый ключ оператора: { $problem }
refusal-key-os-random-generator-failed = отказал генератор случайных чисел операционной системы
refusal-key-pbkdf2-hmac-streebog-512 = PBKDF2-HMAC-Стрибог-512: { $problem }
refusal-key-private-key-algorithm-not = алгоритм закрытого ключа { $other } не поддерживается (поддерживаются: { $known })
refusal-key-private-key-bytes-in = закрытый ключ { $set } из { $found } байт ни в одной известной форме
refusal-key-private-key-must-be = закрытый ключ { $set } — это { $length } байт (младшие первыми), число от 1 до q − 1
refusal-key-private-key-too-long = закрытый ключ { $set } слишком длинный
refusal-key-public-key-algorithm-not = алгоритм ключа проверки электронной подписи { $other } не поддерживается (поддерживаются: { $known })
refusal-key-public-key-has-bytes = в ключе проверки электронной подписи { $set } { $found } байт вместо { $expected }
refusal-key-public-key-not-point = ключ проверки электронной подписи { $set } — не точка подгруппы своей кривой
refusal-key-rsa-key-bits-keys = ключ RSA длиной { $bits } бит; поддерживаются ключи от 2048 до 4096 бит
refusal-key-rsa-key-bits-this = ключ RSA длиной { $bits } бит; этот УЦ удостоверяет ключи RSA от 2048 до 4096 бит
refusal-key-rsa-key-under-2048 = ключ RSA короче 2048 бит; поддерживаются ключи от 2048 до 4096 бит
refusal-key-rsa-key-whose-algorithm = параметры алгоритма ключа RSA — не NULL (RFC 3279)
refusal-key-rsa-keys-cannot-be = ключи RSA здесь не создаются; создайте ключ командой `openssl genpkey -algorithm RSA` и подайте запрос на сертификат или импортируйте файл PKCS#8
refusal-key-scrypt = scrypt: { $problem }
refusal-key-sealing-key-slot-failed = не удалось запечатать ячейку ключа
refusal-key-signing-failed = подписание не удалось
refusal-key-system-random-generator-failed = отказал системный генератор случайных чисел
refusal-key-tsa-key-does-not = ключ службы штампов времени не соответствует её сертификату (ключи проверки электронной подписи различаются)
refusal-key-unknown-gost-oid = неизвестный набор параметров ГОСТ { $oid }
refusal-key-unknown-gost-parameter-set = неизвестный набор параметров ГОСТ «{ $text }» (известны: gost2012-256[:A|B|C|D], gost2012-512[:A|B|C])
refusal-key-wrapping-data-key-for = шифрование ключа данных для { $officer }: { $problem }
refusal-key-wrong-password-key-did = неверная парольная фраза (ключ не расшифровался)
refusal-csr-bytes-trailing-data-after = после запроса ещё { $rest } байт лишних данных
refusal-csr-not-pkcs-10-request = это не запрос PKCS#10: { $problem }
refusal-csr-pem-could-not-be = PEM не читается: { $problem }
refusal-csr-public-key = ключ проверки электронной подписи: { $problem }
refusal-csr-request-asks-for-critical = запрос просит критическое расширение { $oid }, неизвестное этому УЦ
refusal-csr-signature-algorithm = алгоритм подписи: { $problem }
refusal-csr-signature-does-not-verify = подпись не проверяется собственным ключом запроса, значит заявитель не доказал владение закрытым ключом ({ $why })
refusal-csr-subject = имя владельца: { $problem }
refusal-csr-unsupported-key = неподдерживаемый ключ: { $problem }
refusal-untrusted-acknowledgement-answers-another-delivery = подтверждение относится к другой доставке (повтор?)
refusal-untrusted-acknowledgement-comes-from-not = подтверждение пришло от { $from }, а не от { $url } (переслано другой OCSP-службе?)
refusal-untrusted-acknowledgement-s-signature-does = подпись подтверждения не проверяется
refusal-untrusted-acknowledgement-s-signer = подписавший подтверждение: { $problem }
refusal-untrusted-answer-carries-nonce-so = в ответе нет nonce, так что это может быть повтор старого ответа; для OCSP-службы, которая отдаёт только заранее подписанные ответы, нужен --ocsp-nonce optional
refusal-untrusted-ca-certificate = сертификат УЦ: { $problem }
refusal-untrusted-does-not-answer-for = ответ не относится к этому сертификату
refusal-untrusted-nonce-less-answer-from = ответ без nonce от { $time } старше допустимых { $max_age } с (--ocsp-max-age)
refusal-untrusted-nonce-not-one-sent = nonce не тот, что был отправлен (повторённый ответ?)
refusal-untrusted-not-basic-ocsp-response = это не базовый ответ OCSP: { $problem }
refusal-untrusted-not-ocsp-response = это не ответ OCSP: { $problem }
refusal-untrusted-responder-answered-instead-status = OCSP-служба вернула { $status } вместо статуса
refusal-untrusted-signature-does-not-verify = подпись ответа не проверяется
refusal-untrusted-signature-not-whole-number = подпись — не целое число байт
refusal-untrusted-signed-by-responder-whose = ответ подписан OCSP-службой, чьего сертификата в нём нет
refusal-untrusted-signer-certificate-not-authorised = сертификат подписавшего не предназначен для подписи ответов OCSP (нет id-kp-OCSPSigning)
refusal-untrusted-signer-certificate-not-signed = сертификат подписавшего подписан не этим УЦ
refusal-untrusted-signer-certificate-not-valid = сертификат подписавшего сейчас недействителен
refusal-untrusted-stale-nextupdate-has-passed = ответ устарел: nextUpdate { $time } прошёл
refusal-untrusted-successful-response-without-body = успешный ответ без тела
refusal-untrusted-thisupdate-in-future = thisUpdate { $time } ещё не наступил
refusal-untrusted-acknowledgement = подтверждение: { $problem }
refusal-untrusted-certid-hash-not-supported = хеш-функция CertID { $algorithm } не поддерживается
refusal-subject-appears-twice-holder-has = { $field } встречается дважды; у владельца он один
refusal-subject-attribute-type-unknown-use = тип атрибута «{ $key }» неизвестен (используйте CN, O, OU, C, ST, L, STREET, title, SN, GN, emailAddress или OID через точки)
refusal-subject-attributes-at-most-are = атрибутов: { $count }; допускается не более { $max }
refusal-subject-c-country-two-capital = C=«{ $text }»: страна — две заглавные латинские буквы (ISO 3166), например C=RU
refusal-subject-characters-long-rfc-5280 = { $field }: { $length } символов; RFC 5280 допускает { $bound }
refusal-subject-value-empty = значение { $key } пустое
refusal-subject-holds-nul-another-control = в { $field } есть NUL или другой управляющий символ
refusal-subject-must-be-ascii = { $key } должно состоять из символов ASCII
refusal-subject-must-be-numericstring = { $field } должно быть строкой из цифр (NumericString)
refusal-subject-must-be-printable-ascii = { $key } должно состоять из печатных символов ASCII (например, C=RU)
refusal-subject-name-ca-this-chain = это имя одного из УЦ этой цепочки; имя владельца должно отличаться от имени издателя
refusal-subject-not-string-this-ca = { $field } — не строка, которую записывает этот УЦ
refusal-subject-not-type-value = «{ $part }» — не в виде ТИП=значение
refusal-subject-value = значение { $key }: { $problem }
refusal-subject-multi-valued-rdn = многозначный RDN «{ $rdn }»: { $problem }
refusal-subject-is-empty = имя владельца пустое
refusal-subject-given-twice = { $attribute } указан дважды (в имени и флагом)
refusal-subject-not-a-string = { $attribute } — не строка
check-chain-ok = действительна на время проверки { $time } ({ $source }) до доверенного корневого сертификата
check-digest-differs = содержимое не то, что было подписано (хеш отличается)
check-digest-ok = содержимое совпадает с подписанным ({ $algorithm })
check-key-usage-not-allowed = ключ не предназначен для подписи документов (нет ни digitalSignature, ни contentCommitment)
check-key-usage-ok = цифровая подпись или неотрекаемость
check-revocation-good = не отозван (сертификатов цепочки: { $count })
check-signature-bad = подпись не проверяется ключом подписавшего ({ $algorithm })
check-signature-ok = подпись над подписанными атрибутами верна
check-signing-certificate-ok = signingCertificateV2 указывает на сертификат подписавшего
check-signing-certificate-other = signingCertificateV2 указывает на другой сертификат, не тот, что подписал
check-signing-time-ok = заявлено { $time } (заявление подписавшего; проверки на него не опираются)
check-timestamp-ok = подпись существовала в { $time } (штамп времени { $tsa })
check-attribute-repeated = { $name } встречается { $count } раз; допускается один
check-attribute-values = у { $name } значений: { $count }; допускается одно
check-chain-failed = { $reason ->
    [check-path-expired] срок действия сертификата цепочки истёк
    [check-path-not-yet-valid] сертификат цепочки ещё не вступил в действие
    [check-path-unknown-issuer] не удостоверен доверенным корневым сертификатом
    [check-path-purpose] сертификат не предназначен для этой цели (расширенное назначение ключа)
    [check-path-unusable] сертификат нельзя использовать: { $detail }
    [check-path-none] нет действительного пути к доверенному корневому сертификату ({ $detail })
   *[other] { $problem }
    } на время проверки { $time } ({ $source })
check-digest-missing = нет атрибута messageDigest
check-digest-unsupported = неподдерживаемый алгоритм хеширования { $oid }
check-key-usage-absent = расширения keyUsage нет (допустимо любое использование)
check-key-usage-unreadable = keyUsage не читается: { $problem }
check-path-expired = срок действия сертификата цепочки истёк
check-path-none = нет действительного пути к доверенному корневому сертификату ({ $problem })
check-path-not-yet-valid = сертификат цепочки ещё не вступил в действие
check-path-purpose = сертификат не предназначен для этой цели (расширенное назначение ключа)
check-path-unknown-issuer = не удостоверен доверенным корневым сертификатом
check-path-unusable = сертификат нельзя использовать: { $problem }
check-revocation-accepted = не установлено ({ $problem }); принято, как допускает политика
check-revocation-no-path = не установлено: издатель неизвестен (нет действительной цепочки)
check-revocation-none-revoked = ни один из { $count } сертификатов цепочки не отозван
check-revocation-not-revoked = не отозван
check-revocation-off = не проверялся (проверка отзыва выключена)
check-revocation-path = { $findings }
check-revocation-required = требуется, но не установлено: { $problem }
check-revocation-revoked = отозван { $time } ({ $reason }){ $stated ->
    [compromised] , ключ скомпрометирован с { $compromised }
   *[none] { "" }
    } — не позже времени проверки { $validation }
check-revocation-revoked-later = отозван { $time } ({ $reason }){ $stated ->
    [compromised] , ключ скомпрометирован с { $compromised }
   *[none] { "" }
    } — после времени проверки { $validation } (доказанного штампом времени): подпись остаётся в силе
check-revocation-unknown = OCSP-службе этот сертификат неизвестен
check-signature-no-certificate = сертификата подписавшего нет в подписи
check-signature-unsigned = подписанных атрибутов нет: это не подпись CAdES, тип содержимого и хеш не подписаны
check-signing-certificate-absent = нет атрибута signingCertificateV2 (не CAdES-BES): сертификат найден только по издателю и серийному номеру
check-signing-certificate-empty = signingCertificateV2 не указывает ни одного сертификата
check-signing-certificate-hash = signingCertificateV2 использует неподдерживаемую хеш-функцию
check-signing-time-after-expiry = подписавший заявляет { $claimed } — после истечения сертификата ({ $expired })
check-signing-time-after-validation = подписавший заявляет { $claimed } — позже времени проверки { $time }
check-signing-time-before-validity = подписавший заявляет { $claimed } — до начала действия сертификата
check-timestamp-bad = штамп времени подписи не проверяется: { $problem }
check-timestamp-claim-after = заявленное время подписания { $claimed } позже штампа времени { $time }
check-timestamp-tsa-expired = сертификат службы штампов времени истёк { $expired }: её штамп от { $time } больше не доказывает, когда подпись существовала (нужен архивный штамп времени B-LTA, поставленный, пока сертификат действовал)
check-digest-content-type = подписанный тип содержимого — { $found }, а не id-data
note-duplicates = повторяющихся сертификатов в подписи пропущено: { $count }
note-too-many-certificates = в подписи { $count } сертификатов; рассмотрены только { $max }, которые могли быть в цепочке
note-unreadable-validation-data = встроенные данные для проверки пропущены: { $problem }
note-no-validation-data = в подписи нет ни списка отозванных сертификатов, ни ответа OCSP (это не долгосрочная подпись)
revocation-offline-nothing = проверка без сети, а в подписи нет для него ни списка отозванных сертификатов, ни ответа OCSP
revocation-offline-none-counts = проверка без сети, а ни один из { $count } списков отозванных сертификатов и ответов OCSP в подписи не относится ко времени проверки или более позднему
revocation-no-source = списка отозванных сертификатов его издателя не дано, а OCSP-службу сертификат не называет
revocation-nothing-asked = списка отозванных сертификатов не дано, а OCSP выключен
revocation-no-responder = сертификат не называет OCSP-службу
revocation-untrusted = ответу OCSP нельзя доверять: { $problem }
revocation-unreachable = { $url }: { $reason }
revocation-query-failed = { $problem }
revocation-crl-unreadable = список отозванных сертификатов не читается: { $problem }
revocation-crl-signature = подпись списка отозванных сертификатов не проверяется ключом издателя
revocation-crl-stale = список отозванных сертификатов устарел (его nextUpdate прошёл)
refusal-batch-invalidity-date = invalidity_date: { $problem }
refusal-batch-unreadable-csv = строка CSV не читается: { $problem }
refusal-batch-not-utf8 = не в кодировке UTF-8
item-too-early = { $item }; не используется: относится к { $time }, раньше времени проверки { $validation }
item-too-late = { $item }; не используется: относится к { $time }, после истечения сертификата
item-ocsp = ответ OCSP от { $time }, подписан { $signer }: { $verdict ->
    [good] действителен
    [revoked] отозван
   *[unknown] неизвестен
    }
item-ocsp-not-used = ответ OCSP не используется: { $problem }
item-crl-unreadable = список отозванных сертификатов, который не читается
item-crl-issuer-invalid = список отозванных сертификатов от { $time } не используется: сертификат его издателя не действовал в его thisUpdate
item-crl-not-used = список отозванных сертификатов от { $time } не используется: { $problem }
item-delta-crl = разностный список отозванных сертификатов от { $time } не используется: в нём только изменения
item-crl = список отозванных сертификатов от { $time }: { $verdict ->
    [good] действителен
    [revoked] отозван
   *[unknown] неизвестен
    }
refusal-config-toml = { $problem }
refusal-config-profile = { $problem }
refusal-no-config = нет { $file }

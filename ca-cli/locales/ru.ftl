# Сообщения `ca` на русском. Те же ключи и те же переменные, что в en.ftl (это проверяет тест
# каталогов). Справка --help на русском — ключи cmd-* и arg-* в конце файла.

## Идентификаторы и их ошибки.
field-snils = СНИЛС
field-inn = ИНН
field-innle = ИНН юридического лица
field-ogrn = ОГРН
field-ogrnip = ОГРНИП
identifier-not-a-digit = { $char } — не цифра
identifier-length = { $found } цифр вместо { $expected }
identifier-check-number = неверное контрольное число, должно быть { $expected }
identifier-check-digit = неверная контрольная цифра { $position }: { $given } вместо { $expected }
identifier-not-a-number = не число

## Ошибки ca-core, несущие свои сведения.
error-identifier = --{ $flag } { $value }: { $field }: { $problem }
error-wrong-passphrase = неверная парольная фраза для { $path }
error-wrong-officer-passphrase = неверная парольная фраза оператора { $officer }
error-unknown-officer = оператор { $officer } не зарегистрирован или отключён
error-not-allowed = оператору { $officer } (роль { $role }) не разрешено действие { $action }: нужна роль { $needed }
error-key-already-certified = этот ключ проверки электронной подписи уже сертифицирован этим УЦ (серийный номер { $serial }); ключ сертифицируется один раз
error-bad-serial = { $serial } — не шестнадцатеричный серийный номер
error-unknown-serial = в реестре нет сертификата с серийным номером { $serial }
error-home-exists = в { $path } уже есть УЦ; укажите другой --home
error-home-in-use = каталог УЦ { $path } занят другим процессом ca; повторите, когда он завершится
error-no-home = { $path } — не каталог УЦ ({ $problem }); сначала выполните `ca init` или укажите --home
error-unreachable = { $url } недоступен: { $reason }

## Секреты и запросы.
secret-ca = парольная фраза ключа УЦ
secret-parent-ca = парольная фраза ключа вышестоящего УЦ
secret-signing-key = парольная фраза (ПИН) ключа электронной подписи
secret-new-officer = парольная фраза нового оператора
prompt-secret = { $what }:{" "}
prompt-secret-again = { $what } ещё раз:{" "}
secret-entries-differ = введённые значения не совпадают
secret-missing = не задана { $what }: задайте { $env } или укажите { $flag } ФАЙЛ (в командной строке она не принимается никогда)
secret-empty = { $what } пуста

## ca show.
show-serial = серийный номер
show-subject = владелец
show-status = состояние
show-profile = профиль
show-valid = действует
show-valid-range = с { $from } по { $to }
show-officer = оператор
show-identified = личность установлена
show-history = история
show-history-entry = { $time }  { $action }, оператор { $officer }
show-printed = записан { $path } (копия сертификата { $serial } для владельца)

## ca verify.
verify-valid = { $file }: подпись ДЕЙСТВИТЕЛЬНА
verify-not-valid = { $file }: подпись НЕ ДЕЙСТВИТЕЛЬНА
verify-signer = подписал: { $subject } (серийный номер { $serial })
verify-signing-time = время подписания (по заявлению подписавшего): { $time }
verify-time-stamped = время проверки: { $time } (штамп времени { $tsa })
verify-time-now = время проверки: { $time } (сейчас: штампа времени, доказывающего более раннее время, нет)
verify-chain = цепочка[{ $index }]: { $subject }
verify-revocation = отзыв: { $status ->
        [good] действителен
        [revoked] отозван
        [unknown] неизвестен OCSP-службе
        [unavailable] не установлен
       *[other] не проверялся
    } ({ $source ->
        [none] источника нет
       *[other] { $source }
    })
verify-revocation-of = отзыв сертификата { $subject } (серийный номер { $serial }): { $status ->
        [good] действителен
        [revoked] отозван
        [unknown] неизвестен OCSP-службе
        [unavailable] не установлен
       *[other] не проверялся
    } ({ $source ->
        [none] источника нет
       *[other] { $source }
    })
verify-embedded = вложенный { $kind } для серийного номера { $serial }: { $detail }
verify-embedded-used = вложенный { $kind } для серийного номера { $serial }: использован: { $detail }
verify-note = замечание: { $note }
verify-check-ok = да
verify-check-failed = НЕТ

## Выдача и пакетная обработка.
issued-summary = выдан    { $serial }
    владелец { $subject }
    профиль  { $profile }
    действует с { $from } по { $to }
issued-wrote = записан  { $file }
issued-pin = ПИН      { $pin }   (показывается один раз: передайте заявителю; он открывает .key.p8 и .p12)
batch-verb-issued = выдано
batch-verb-revoked = отозвано
batch-done = { $verb }: { $done }, отклонено: 0
batch-refused = { $verb }: { $done }, отклонено: { $refused } (строки { $lines })
batch-line-issued = строка { $line }: выдан { $serial }  { $subject }{ $pin }
batch-line-refused = строка { $line }: отклонено: { $error }
batch-line-changed = строка { $line }: { $serial } — { $status } ({ $reason })
progress-enroll = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} строк  {"{"}per_sec{"}"}  осталось {"{"}eta{"}"}
progress-revoke = {"{"}bar:40{"}"} {"{"}pos{"}"}/{"{"}len{"}"} отозвано  {"{"}per_sec{"}"}  осталось {"{"}eta{"}"}

## Изменения статуса и списки отозванных сертификатов.
status-valid = действует
status-on-hold = приостановлен
status-revoked = отозван
status-expired = истёк
status-issuing = выдаётся
status-good = действителен
status-unknown = неизвестен
changed = { $serial }: { $status }
changed-since = { $serial }: { $status } ({ $reason }) с { $time }
changed-make-crl = выпустите список отозванных сертификатов, чтобы проверяющие это увидели: ca crl
crl-kind-full = полный список отозванных сертификатов
crl-kind-delta = разностный список отозванных сертификатов (база { $base })
crl-made = { $kind } номер { $number }, записей: { $entries }, действует с { $from } по { $to }
    записан { $path }
status-revoked-since = { $cert }: отозван с { $time } ({ $reason })
status-answer = ответ { $url }, подписал { $signer }, thisUpdate { $this_update }, nextUpdate { $next_update }

## Операторы и УЦ.
officer-added = добавлен
officer-disabled = отключён
officer-role-changed = изменён
officer-changed = оператор { $name } ({ $role }) { $what }
init-created = УЦ создан в { $home }
init-subject = имя УЦ
init-valid-until = действует до
init-key = ключ
init-key-value = { $algorithm } (зашифрован: { $path })
init-chain = цепочка
init-ocsp-signer = OCSP-подписант
init-ocsp-signer-value = { $certificate } (серийный номер { $serial }, до { $until })
init-note = замечание
init-no-urls = не заданы --ocsp-url/--crl-url: в сертификатах не будет адреса OCSP (AIA) и точки распространения списка отозванных (задайте их в ca.toml)
init-bad-services-url = --services-url { $url }: укажите базовый адрес службы, http://HOST:PORT

## Ошибки вызова.
usage-status = --status { $status }: допустимо одно из: { $known }
usage-not-a-certificate = { $path } — не сертификат: { $error }
usage-no-ocsp-url = в сертификате нет адреса OCSP-службы; укажите --url URL
usage-cannot-read = не удаётся прочитать { $path }: { $error }
usage-no-trusted = в { $path } нет доверенного сертификата ({ $why }); укажите файл сертификата PEM или DER
usage-revocation = --revocation { $value }: допустимо required, if-available или off
usage-ocsp = --ocsp { $value }: допустимо auto, off или адрес http://
usage-extend = укажите --query ФАЙЛ или --out ФАЙЛ вместе с --tsa URL, --token ФАЙЛ или --long-term
usage-extend-out = с --out укажите --tsa URL, --token ФАЙЛ или --long-term
usage-revoke = укажите серийный номер или --batch ФАЙЛ.csv

## Подпись, дополнение подписи, сертификаты служб.
sign-done = { $file } подписан: { $subject } (серийный номер { $serial })
    записан { $out }
sign-time-stamped = штамп времени службы: подпись существовала в { $time }
collected-embedded = вложен { $kind } для { $subject } (серийный номер { $serial }) от { $url }: { $status }
collected-none = нет { $kind } для { $subject } (серийный номер { $serial }) от { $url }: { $status }
extend-query-written = записан { $query } (запрос штампа времени RFC 3161 над значением подписи); отправьте его службе штампов времени, затем: ca extend { $sig } --token ОТВЕТ.tsr --out ФАЙЛ
extend-stamped = добавлен штамп времени от { $url } (подпись существовала в { $time })
extend-token-added = добавлен штамп времени из { $token }
extend-long-term = вложены доказательства действительности (долгосрочная подпись)
extend-done = { $what }: { $sig }
    записан { $out }
signer-ocsp = сертификат OCSP-подписанта
signer-ocsp-next = скопируйте оба файла каждой OCSP-службе и пошлите ей SIGHUP (она продолжает отвечать)
signer-tsa = сертификат службы штампов времени
signer-tsa-next = передайте оба файла ocsp-server (--tsa-cert, --tsa-key) и пошлите ему SIGHUP
signer-new = новый { $what } { $serial }, действует до { $until }
    записаны { $certificate } и { $key }
    { $next }

## OCSP-службы, журнал, списки.
delivery-up-to-date = { $url }: всё получено (номер { $sequence })
delivery-done = { $url }: доставлен{ " " }{ $what }, сертификатов: { $entries } (теперь номер { $sequence })
delivery-full = полный снимок
delivery-changes = изменения
delivery-queued = { $url }: НЕ доставлено, изменений в очереди: { $behind } ({ $reason }); `ca publish` повторит
delivery-failed = изменение записано, но доставка OCSP-службам не удалась: { $error }; `ca publish` повторит
responder-none = OCSP-службы не зарегистрированы: добавьте командой `ca responder add URL`
responder-registered = служба { $url } зарегистрирована
responder-removed = служба { $url } больше не получает изменения
responder-feed-sequence = номер последнего изменения { $sequence }
responder-up-to-date = всё получено
responder-behind = отстаёт на { $behind }
responder-behind-error = отстаёт на { $behind }, последняя ошибка: { $error }
responder-row = { $url }  получено до { $at }  { $state }  (добавлена { $added }, оператор { $by })
audit-intact = журнал цел: записей { $entries }, подписан УЦ до записи { $signed }
list-none = подходящих сертификатов нет

## Другие ошибки ca-core.
error-status-conflict = сертификат { $serial }: { $status }; { $problem }
status-problem-revoked = он уже отозван, отзыв окончателен
status-problem-on-hold = он уже приостановлен
status-problem-not-on-hold = он не приостановлен, возобновлять нечего
status-problem-nothing-to-lift = снимать нечего: он не отозван и не приостановлен
error-csr = запрос на сертификат отклонён: { $problem }
error-subject = имя { $dn }: { $problem }
error-key = ключ: { $problem }
error-config = настройки { $path }: { $problem }

## ca quickstart.
qs-created = 1. УЦ создан в { $home }
qs-opened = 1. УЦ открыт в { $home }
qs-chain = {"   "}цепочка { $chain }
qs-ocsp-signer = {"   "}OCSP-подписант { $cert } (ключ { $key })
qs-issued = 2. сертификат для подписи { $serial } выдан и внесён в реестр
qs-subject = {"   "}владелец { $subject }
qs-files = {"   "}файлы   { $files }  ПИН { $pin }
qs-check = 3. проверьте его программой, которую писали не мы:
qs-not-on-path = {"   "}(ca нет в PATH, поэтому ниже указаны программы там, где их собрал cargo; установить обе: cargo install --locked --path ca-cli && cargo install --locked --path ocsp-server)
qs-find = 4. найти его снова:  { $list }   /   { $show }
qs-ocsp = 5. отвечать о нём по OCSP: запустите службу, передайте ей статусы, спросите её
qs-signed-valid = 6. документ подписан им и проверен: подпись ДЕЙСТВИТЕЛЬНА
qs-signed-not-valid = 6. документ подписан им и проверен: подпись НЕ ДЕЙСТВИТЕЛЬНА
qs-with-responder = когда запущена служба из шага 5
error-register = реестр: { $problem }
error-io = { $path }: ошибка ввода-вывода: { $problem }
error-untrusted = ответу OCSP нельзя доверять: { $problem }
error-rolled-back = реестр отстаёт от того, что хранят OCSP-службы, — откат к старой копии или это устаревшая копия каталога УЦ: { $problem }. Ничего не изменено. Если каталог намеренно восстановлен из резервной копии, повторите изменения, сделанные после неё, затем `ca publish --rebase URL` для каждой службы (docs/deployment.md)
error-files-not-written = сертификат { $serial } выдан и внесён в реестр, но его файлы записать не удалось ({ $problem }); отзовите его и выдайте заново
error-unknown-profile = неизвестный профиль { $profile } (известны: signing, ocsp-signer, sub-ca и профили из ca.toml)
error-profile-not-allowed = оператору { $officer } (роль { $role }) нельзя выдавать по профилю { $profile }: нужна роль { $needed }
list-serial = серийный номер
list-status = состояние
list-not-after = действует до
list-subject = владелец
officer-list-name = имя
officer-list-role = роль
officer-list-state = состояние
officer-list-added = добавлен
officer-list-added-by = кем добавлен
officer-enabled = активен
snapshot-written = снимок статусов { $sequence } (сертификатов: { $entries }) записан в { $path }
    загрузить: ocsp-server import { $path } --data КАТАЛОГ --ca-cert ca.pem
    или в работающую службу: curl -H "feed-body: $(cat { $header })" --data-binary @{ $path } http://СЛУЖБА/publish
check-signed-attributes = подписанные атрибуты
check-digest = хеш документа
check-signature = подпись
check-signing-certificate = сертификат подписавшего
check-timestamp = штамп времени
check-signing-time = время подписания
check-chain = цепочка сертификатов
check-key-usage = назначение ключа
check-revocation = отзыв
error-weak-passphrase = парольную фразу слишком легко подобрать (стойкость { $score } из 4, нужно { $needed }; около 10^{ $guesses } попыток){ $warning }. Возьмите четыре и более не связанных между собой слова или 12 и более случайных знаков; одной длины недостаточно


## Справка --help: команды (cmd-*) и их параметры (arg-*).
cmd = Удостоверяющий центр: сертификаты ключей проверки электронной подписи
arg-home = Каталог УЦ
arg-json = Вывод в машиночитаемом JSON (см. docs/cli-json.md); не зависит от языка
arg-passphrase_file = Взять парольную фразу ключа УЦ из этого файла (первая строка) вместо CA_PASSPHRASE или запроса
arg-officer = Действующий оператор: подтверждает себя своей парольной фразой; записывается при каждом изменении
arg-lang = Язык сообщений и справки: en или ru (по умолчанию — по локали: LC_ALL, LC_MESSAGES, LANG)

cmd-init = Создать УЦ в каталоге: корневой или, с --parent, подчинённый; а также его OCSP-подписанта
arg-init-subject = Имя УЦ, RFC 4514 (например, "CN=Региональный УЦ,O=ГКУ,C=RU")
arg-init-snils = СНИЛС, 11 цифр (дефисы и пробелы допускаются)
arg-init-inn = ИНН физического лица, 12 цифр
arg-init-innle = ИНН юридического лица, 10 цифр
arg-init-ogrn = ОГРН, 13 цифр
arg-init-ogrnip = ОГРНИП, 15 цифр
arg-init-key = Алгоритм создаваемого ключа: p256, p384, ed25519, gost2012-256[:A|B|C|D] (без суффикса — B, КриптоПро-A), gost2012-512[:A|B|C] (без суффикса — A)
arg-init-key_file = Импортировать ключ УЦ из файла PKCS#8 (RSA 2048–4096, P-256, P-384, Ed25519, ГОСТ Р 34.10-2012 в формате gost engine); зашифрованный — под той же парольной фразой, что и новый УЦ
arg-init-days = Срок действия в днях (по умолчанию 3650 для корневого, 1825 для подчинённого)
arg-init-ocsp_url = Адрес OCSP-службы, записываемый в выдаваемые сертификаты (AIA)
arg-init-crl_url = Адрес списка отозванных сертификатов (точка распространения CRL)
arg-init-ca_issuers_url = Адрес сертификата этого УЦ (AIA caIssuers)
arg-init-delta_crl_url = Адрес разностных списков отозванных сертификатов (freshestCRL в полных списках)
arg-init-services_url = Базовый адрес службы УЦ (ocsp-server), из которого составляются все четыре адреса: BASE/ocsp, BASE/ca.cer, BASE/crl, BASE/delta.crl
arg-init-parent = Каталог вышестоящего УЦ: создаётся подчинённый УЦ, подписанный им (его парольная фраза — из CA_PARENT_PASSPHRASE, --parent-passphrase-file или запроса)
arg-init-register = Хранилище реестра: sled (по умолчанию) или redb (открывается за постоянное время, для реестров в сотни тысяч сертификатов)
arg-init-parent_passphrase_file = Файл с парольной фразой вышестоящего УЦ
arg-init-parent_officer = Администратор вышестоящего УЦ, подписывающий подчинённый (по умолчанию --officer)

cmd-issue = Выдать сертификат по запросу PKCS#10 (владение ключом проверяется)
arg-issue-csr = Запрос PKCS#10, PEM или DER
arg-issue-profile = Профиль: signing, ocsp-signer, sub-ca или из ca.toml
arg-issue-days = Срок действия в днях (по умолчанию — профиля); не дольше срока УЦ
arg-issue-subject = Имя владельца вместо указанного в запросе (RFC 4514)
arg-issue-snils = СНИЛС, 11 цифр (дефисы и пробелы допускаются)
arg-issue-inn = ИНН физического лица, 12 цифр
arg-issue-innle = ИНН юридического лица, 10 цифр
arg-issue-ogrn = ОГРН, 13 цифр
arg-issue-ogrnip = ОГРНИП, 15 цифр
arg-issue-out = Записать сертификат (PEM) в этот файл
arg-issue-renew = Намеренно перевыпустить этот сертификат с тем же ключом: тот же владелец, сертификат действует или приостановлен (иначе ключ сертифицируется один раз)
arg-issue-identified_by = Как установлена личность заявителя: in-person, qualified-signature, biometric-passport, esia-ebs; хранится в реестре и записывается в сертификат (identificationKind)

cmd-enroll = Создать ключ заявителя здесь и выдать сертификат; или сразу многим с --batch
arg-enroll-subject = Имя заявителя, RFC 4514
arg-enroll-snils = СНИЛС, 11 цифр (дефисы и пробелы допускаются)
arg-enroll-inn = ИНН физического лица, 12 цифр
arg-enroll-innle = ИНН юридического лица, 10 цифр
arg-enroll-ogrn = ОГРН, 13 цифр
arg-enroll-ogrnip = ОГРНИП, 15 цифр
arg-enroll-email = Адрес электронной почты (emailAddress в имени)
arg-enroll-identified_by = Как установлена личность заявителя: in-person, qualified-signature, biometric-passport, esia-ebs
arg-enroll-key = Алгоритм создаваемого ключа: p256, p384, ed25519, gost2012-256[:A|B|C|D], gost2012-512[:A|B|C]
arg-enroll-profile = Профиль
arg-enroll-days = Срок действия в днях (по умолчанию — профиля)
arg-enroll-out = Каталог для SERIAL.pem, SERIAL.key.p8 и SERIAL.p12
arg-enroll-pin_file = Защитить ключи ПИН-кодом из этого файла вместо напечатанного одноразового
arg-enroll-batch = Выдать по каждой строке файла CSV в UTF-8 (заголовок: subject, snils, inn, innle, ogrn, ogrnip, email, profile, key, identified_by)

cmd-list = Найти сертификаты в реестре
arg-list-status = Только сертификаты в этом состоянии: valid, on-hold, revoked, expired, issuing
arg-list-expiring_within = Только сертификаты, истекающие в течение стольких дней
arg-list-subject = Только владельцы, в имени которых есть этот текст (без учёта регистра)
arg-list-snils = Только владелец с этим СНИЛС

cmd-show = Показать сертификат: поля, состояние, историю
arg-show-serial = Серийный номер, шестнадцатеричный (двоеточия и любой регистр допускаются)
arg-show-pem = Вывести только сертификат в PEM
arg-show-print = Записать копию сертификата для владельца (PDF на русском: владелец, идентификаторы, номер, срок, назначение, отпечаток ключа, УЦ, оператор, места для подписей)

cmd-revoke = Отозвать сертификат окончательно
arg-revoke-serial = Серийный номер, шестнадцатеричный (двоеточия и любой регистр допускаются)
arg-revoke-batch = Отозвать все сертификаты из файла CSV в UTF-8 с заголовком: serial и, по желанию, reason и invalidity_date; о каждой строке — отчёт, об ошибочной — по её номеру
arg-revoke-reason = Причина: unspecified, keyCompromise, caCompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold (как `ca hold`), privilegeWithdrawn
arg-revoke-invalidity_date = Когда ключ скомпрометирован или мог быть скомпрометирован (RFC 3339)

cmd-hold = Приостановить действие сертификата (certificateHold)
arg-hold-serial = Серийный номер, шестнадцатеричный (двоеточия и любой регистр допускаются)
cmd-release = Возобновить действие приостановленного сертификата
arg-release-serial = Серийный номер, шестнадцатеричный (двоеточия и любой регистр допускаются)

cmd-crl = Подписать и записать список отозванных сертификатов (полный или --delta)
arg-crl-delta = Разностный список: что изменилось после последнего полного
arg-crl-out = Записать список также в этот файл
arg-crl-pem = Записать --out в PEM вместо DER

cmd-publish = Доставить накопившиеся изменения статусов OCSP-службам, или с --out записать полный подписанный снимок в файл (`ocsp-server import`)
arg-publish-out = Записать полный подписанный снимок в этот файл вместо доставки службам
arg-publish-rebase = Переустановить историю этой зарегистрированной службы (администратор): полный снимок заменяет всё, что она хранит, — после восстановления УЦ из резервной копии. Записывается в журнал

cmd-responder = OCSP-службы, которые питает этот УЦ: add, list, remove
cmd-responder-add = Зарегистрировать службу (её базовый адрес, http://host:port) и передать ей полный снимок
arg-responder-add-url = Базовый адрес службы; изменения идут на URL/publish
cmd-responder-list = Службы, которые питает УЦ, и докуда каждая получила изменения
cmd-responder-remove = Перестать питать службу
arg-responder-remove-url = Адрес службы, как он был зарегистрирован

cmd-status = Спросить OCSP-службу о сертификате, проверив подпись, подписанта и свежесть ответа
arg-status-cert = Сертификат, о котором спросить (PEM или DER)
arg-status-issuer = Сертификат УЦ, выдавшего его (по умолчанию — сертификат этого УЦ)
arg-status-url = Адрес службы (по умолчанию — OCSP-адрес из сертификата)
arg-status-ocsp_nonce = required: отвергать ответ без отправленного nonce (перехваченный ответ не повторить); optional: принимать ответ без nonce не старше --ocsp-max-age
arg-status-ocsp_max_age = С --ocsp-nonce optional: наибольший возраст thisUpdate, секунд

cmd-sign = Подписать файл: отсоединённая подпись CMS (атрибуты CAdES-BES) сертификатом и ключом
arg-sign-cert = Сертификат подписывающего (PEM; остальные сертификаты файла — его цепочка)
arg-sign-key = Закрытый ключ подписывающего (PKCS#8 PEM или DER; парольная фраза зашифрованного — из CA_KEY_PASSPHRASE, --passphrase-file или запроса)
arg-sign-chain = Дополнительные сертификаты цепочки (PEM)
arg-sign-out = Куда записать подпись (по умолчанию ФАЙЛ.sig)
arg-sign-pem = Записать PEM вместо DER
arg-sign-tsa = Добавить штамп времени от службы RFC 3161 по этому адресу (CAdES-T), например http://responder:8080/tsp: доказанное время подписи
arg-sign-long_term = После штампа времени вложить также доказательства действительности цепочки на тот момент (CAdES-LT, ETSI B-LT): ответ OCSP и список отозванных для каждого сертификата — подпись проверяется без сети годы спустя (`ca verify --offline`)
arg-sign-file = Подписываемый файл

cmd-verify = Проверить отсоединённую подпись CMS над файлом и показать, что проверено
arg-verify-sig = Отсоединённая подпись (DER или PEM)
arg-verify-trust = Доверенные корневые сертификаты (PEM, один или несколько)
arg-verify-tsa_trust = Корневые сертификаты, доверенные для штампов времени (PEM; по умолчанию — из --trust)
arg-verify-ocsp = OCSP: auto (адрес из каждого сертификата), адрес для сертификата подписывающего или off
arg-verify-crl = Список отозванных сертификатов (DER или PEM), проверяемый вместо OCSP для сертификатов его издателя; по одному на каждого издателя цепочки
arg-verify-revocation = Обязательна ли проверка отзыва: required, if-available, off
arg-verify-ocsp_nonce = required: отвергать ответ без отправленного nonce (перехваченный ответ не повторить); optional: принимать ответ без nonce не старше --ocsp-max-age
arg-verify-ocsp_max_age = С --ocsp-nonce optional: наибольший возраст thisUpdate, секунд
arg-verify-offline = Решать только по вложенным в подпись спискам отозванных и ответам OCSP (долгосрочная подпись) и файлам --crl: без обращения к службам
arg-verify-file = Подписанный файл

cmd-extend = Добавить к подписи штамп времени RFC 3161 (от службы штампов времени), чтобы проверяющие судили о ней на время штампа
arg-extend-sig = Дополняемая подпись (DER, BER или PEM)
arg-extend-query = Записать в ФАЙЛ запрос штампа времени RFC 3161 (.tsq) над значением подписи — для отправки службе; затем добавить ответ через --token
arg-extend-token = Ответ (.tsr) или штамп RFC 3161, отпечаток которого — значение этой подписи
arg-extend-tsa = Запросить штамп у службы RFC 3161 по этому адресу (например, http://responder:8080/tsp)
arg-extend-long_term = Затем вложить доказательства действительности (CAdES-LT, ETSI B-LT): ответ OCSP и список отозванных для каждого сертификата цепочки; подпись должна иметь штамп времени
arg-extend-out = Куда записать дополненную подпись (DER)

cmd-ocsp-signer = Выпустить новый сертификат OCSP-подписанта (P-256, для ГОСТ-УЦ — ГОСТ; 30 дней) в HOME/ocsp/ вместо текущего; скопируйте его службам и пошлите им SIGHUP
cmd-tsa-signer = Выпустить сертификат службы штампов времени (профиль tsa: id-kp-timeStamping, критичное) и ключ в HOME/tsa/ вместо текущих; передайте их `ocsp-server --tsa-cert --tsa-key`
arg-tsa-signer-key = Алгоритм ключа: p256, p384, ed25519, gost2012-256[:A|B|C|D], gost2012-512[:A|B|C] (по умолчанию — набор параметров ГОСТ-УЦ, иначе p256)

cmd-officer = Операторы и их роли: add, list, disable, role, rotate
cmd-officer-add = Добавить оператора (только администратор); его парольная фраза — из CA_NEW_OFFICER_PASSPHRASE, --new-passphrase-file или запроса
arg-officer-add-name = Имя для входа
arg-officer-add-role = admin, officer или auditor
arg-officer-add-new_passphrase_file = Файл с парольной фразой нового оператора
cmd-officer-list = Перечислить операторов и их роли
cmd-officer-disable = Немедленно отключить оператора (только администратор): его пара ключей удаляется, ключ данных меняется, и сохранённая им копия каталога не откроет новый файл ключа УЦ
arg-officer-disable-name = Имя для входа
cmd-officer-role = Сменить роль оператора (только администратор); ключ данных меняется
arg-officer-role-name = Имя для входа
arg-officer-role-role = admin, officer или auditor
cmd-officer-rotate = Сменить ключ данных сейчас (только администратор): когда все операторы со слотами прежней версии вошли, или после отключения или смены роли, при которых смена не удалась

cmd-audit = Показать журнал событий или проверить его цепочку и подписи
arg-audit-since = Только записи с этого времени (RFC 3339)
arg-audit-verify = Пересчитать цепочку хешей и проверить подписанные вершины; код 1 с указанием первой изменённой, удалённой или перемещённой записи

cmd-quickstart = Показать основную работу на встроенных настройках: УЦ в ./ca-home, сертификат для подписи, документ, подписанный им и проверенный
arg-quickstart-out = Каталог для файлов демонстрационного владельца (по умолчанию HOME/quickstart)

cmd-completions = Вывести сценарий автодополнения для оболочки (bash: `source <(ca completions bash)`)
arg-completions-shell = Оболочка: bash, zsh, fish, elvish, powershell
cmd-man = Вывести страницу руководства (roff): `ca man > ca.1; man -l ca.1`

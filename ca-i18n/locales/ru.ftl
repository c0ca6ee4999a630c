# Ошибки разбора командной строки (clap) на русском. По-английски их пишет сам clap.
parse-error = ошибка: { $message }
parse-unknown-argument = неизвестный параметр «{ $arg }»
parse-invalid-subcommand = неизвестная команда «{ $arg }»
parse-invalid-value = недопустимое значение «{ $value }» для { $arg }; допустимо: { $valid }
parse-value-validation = недопустимое значение «{ $value }» для { $arg }
parse-missing-required = не указаны обязательные параметры: { $arg }
parse-conflict = { $arg } нельзя указывать вместе с { $prior }
parse-missing-subcommand = не указана команда
parse-wrong-values = неверное число значений для { $arg }
parse-other = неверная командная строка
parse-usage = Использование:
parse-more = Подробнее: --help

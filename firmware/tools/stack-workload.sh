#!/bin/sh
# Writes the bytes a busy host sends (tools/budget.sh feeds them to the simulated firmware to find
# the deepest stack): every verb, every refusal, both dialects, a stop mid-line, an overlong line.
ck() { # a line with its NMEA checksum
    printf '%s' "$1" | od -An -tu1 -v | tr -s ' ' '\n' | sed '/^$/d' |
        { x=0; while read -r b; do x=$((x ^ b)); done; printf '%s*%02X\n' "$1" "$x"; }
}
printf '\030'
ck "1 HELLO 1"
ck "2 STOP"
ck "3 SET arch knead 3"
ck "4 SET toes press 5"
ck "5 HEAT 40"
ck "6 STATUS"
ck "7 SET calf knead 1"
ck "8 SET toes roll 1"
ck "9 SET heel roll 9"
ck "10 HEAT 50"
ck "11 FROB"
ck "12 SET arch"
ck "13 HEAT OFF"
ck "6 STATUS"
ck "30 PING"
printf '14 PING*00\n'
printf '15 PING\n'
printf 'STATUS\n'
printf '%s\n' "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
printf '16 SET toes pr\030'
ck "40 PING"
ck "41 HELLO 2"
ck "HELLO 1"
# binary: HELLO 1 (seq 0), SET arch knead 3 (seq 12), PING (seq 24, stuffed), STATUS (seq 25)
printf '\245\001\001\000\001\325\145'
printf '\245\003\020\014\002\000\003\325\233'
printf '\245\000\025\175\070\243\043'
printf '\245\000\024\031\000\000'

#!/bin/sh
# The ATmega328P resource budget (docs/firmware.md): flash and static RAM from avr-size, the stack's
# high-water mark from the painted stack after a busy simulated session, plus the deepest interrupt
# frame (the receive interrupt on top of the deepest main-loop call, measured from the code).
# Exits 1 when a limit is broken: flash <= 50 %, RAM <= 75 %, rx >= 66.
set -eu
build=${1:-build}
elf=$build/avr/solemate-fw.elf
sim=$build/sim/solemate-sim
here=$(dirname "$0")

flash_total=32768
ram_total=2048
set -- $(avr-size "$elf" | awk 'NR == 2 { print $1, $2, $3 }')
text=$1 data=$2 bss=$3
flash=$((text + data))
static=$((data + bss))

workload=$build/sim/stack-workload.bin
sh "$here/stack-workload.sh" > "$workload"
stack=$("$sim" "$elf" --script "$workload" --for-ms 3000 2>/dev/null | awk '/^STACK/ { print $2 }')
# the receive interrupt's frame: its pushes and its return address (it calls nothing; if it did,
# each call would add its return address and the callee's pushes)
isr_pushes=$(avr-objdump -d "$elf" | awk '/^[0-9a-f]+ <__vector_18>:/ { on = 1; next } /^$/ { on = 0 } on && /push/ { n++ } END { print n + 0 }')
isr_calls=$(avr-objdump -d "$elf" | awk '/^[0-9a-f]+ <__vector_18>:/ { on = 1; next } /^$/ { on = 0 } on && /call/ { n++ } END { print n + 0 }')
[ "$isr_calls" = 0 ] || { echo "budget: the receive interrupt calls a function; count its frames here"; exit 1; }
isr=$((isr_pushes + 2))
ram=$((static + stack + isr))
rx=$(sed -n 's/^#define RX_SIZE \([0-9]*\)/\1/p' "$here/../core/fw_config.h")

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f %%", 100 * a / b }'; }
echo "ATmega328P resource budget ($elf, $(avr-gcc --version | head -1))"
echo "| resource | bytes | of | share | limit |"
echo "|---|---:|---:|---:|---|"
echo "| flash (text $text + data $data) | $flash | $flash_total | $(pct $flash $flash_total) | <= 50 % |"
echo "| RAM, static (data $data + bss $bss) | $static | $ram_total | $(pct $static $ram_total) | |"
echo "| RAM, stack high-water mark (painted, simavr session) | $stack | | | |"
echo "| RAM, receive interrupt on top (not always in the mark) | $isr | | | |"
echo "| RAM, total | $ram | $ram_total | $(pct $ram $ram_total) | <= 75 % |"
echo "| rx buffer announced (HELLO rx=) | $rx | | | >= 66 |"

ok=1
[ $((flash * 100)) -le $((flash_total * 50)) ] || { echo "budget: flash over 50 %"; ok=0; }
[ $((ram * 100)) -le $((ram_total * 75)) ] || { echo "budget: RAM over 75 %"; ok=0; }
[ "$rx" -ge 66 ] || { echo "budget: rx below 66"; ok=0; }
[ "$ok" = 1 ]

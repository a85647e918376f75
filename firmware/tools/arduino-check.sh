#!/bin/sh
# Builds arduino/solemate/ the way the Arduino IDE does (the sketch and its src/ as objects, the
# Arduino core as an archive), with Debian's Arduino AVR core: apt-get install -y arduino-core-avr.
set -eu
out=$1
core=/usr/share/arduino/hardware/arduino/avr
sketch=$(cd "$(dirname "$0")/../arduino/solemate" && pwd)
[ -d "$core/cores/arduino" ] || { echo "arduino-check needs: apt-get install -y arduino-core-avr"; exit 1; }
rm -rf "$out" && mkdir -p "$out/core" "$out/sketch"
defs="-Os -mmcu=atmega328p -DF_CPU=16000000L -DARDUINO=10807 -DARDUINO_AVR_UNO -DARDUINO_ARCH_AVR -ffunction-sections -fdata-sections"
inc="-I$core/cores/arduino -I$core/variants/standard"
for f in "$core"/cores/arduino/*.c; do avr-gcc -c $defs $inc "$f" -o "$out/core/$(basename "$f").o"; done
for f in "$core"/cores/arduino/*.cpp; do
    case $f in *WString.cpp) continue ;; esac # Debian's copy needs a newer compiler; the sketch uses no String
    avr-g++ -c $defs -std=gnu++11 -fno-exceptions -fno-threadsafe-statics $inc "$f" -o "$out/core/$(basename "$f").o"
done
avr-ar rcs "$out/core.a" "$out"/core/*.o
for f in "$sketch"/src/*.c; do avr-gcc -c $defs -std=c99 -Wall -Wextra -Werror $inc "$f" -o "$out/sketch/$(basename "$f").o"; done
{ echo '#include <Arduino.h>'; cat "$sketch/solemate.ino"; } > "$out/solemate.cpp"
avr-g++ -c $defs -std=gnu++11 -fno-exceptions -fno-threadsafe-statics -Wall -Wextra -Werror $inc -I"$sketch" \
    "$out/solemate.cpp" -o "$out/sketch/solemate.cpp.o"
avr-gcc -mmcu=atmega328p -Os -Wl,--gc-sections -o "$out/solemate.elf" "$out"/sketch/*.o "$out/core.a"
avr-size "$out/solemate.elf"

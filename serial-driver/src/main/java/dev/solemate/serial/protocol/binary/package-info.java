/**
 * Internal to dev.solemate.serial: not exported by its module descriptor and not covered by the API
 * compatibility check, so it may change in any release. Applications use the exported packages.
 */
package dev.solemate.serial.protocol.binary;

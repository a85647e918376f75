/* detail.h - the sentence for people after an ERR code (protocol.md section 4), shared by both dialects. */
#ifndef DETAIL_H
#define DETAIL_H

#include "proto.h"

/* Writes the detail of an ERR answer through out_c; nothing for D_NONE. */
void detail_write(const answer_t *a);

#endif

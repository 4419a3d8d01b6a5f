/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every Diameter and 3GPP number the gateway speaks (PROTOCOL.md 2-4):
 * command codes, application ids, AVP codes and vendors, Result-Codes and
 * Request-Status values. Nothing else in the tree spells these numbers.
 */
#ifndef MTC_DIAM_CODES_H
#define MTC_DIAM_CODES_H

/* ---- header (RFC 6733 3) ------------------------------------------------- */
#define DIAM_VERSION 1
#define DIAM_HDR_LEN 20
#define DIAM_FLAG_R 0x80 /* request */
#define DIAM_FLAG_P 0x40 /* proxiable */
#define DIAM_FLAG_E 0x20 /* error (answers with a 3xxx Result-Code) */
#define DIAM_FLAG_T 0x10 /* potentially retransmitted */

/* ---- AVP header (RFC 6733 4.1) ------------------------------------------- */
#define DIAM_AVP_HDR_LEN 8
#define DIAM_AVP_VHDR_LEN 12 /* with the V bit: Vendor-ID follows */
#define DIAM_AVP_FLAG_V 0x80
#define DIAM_AVP_FLAG_M 0x40
#define DIAM_AVP_FLAG_P 0x20

#define DIAM_VENDOR_NONE 0
#define DIAM_VENDOR_3GPP 10415

/* ---- commands and applications ------------------------------------------- */
#define DIAM_CMD_DEVICE_ACTION 8388639  /* Tsp DAR/DAA, TS 29.368 */
#define DIAM_CMD_DEVICE_TRIGGER 8388643 /* T4 DTR/DTA, TS 29.337 */
#define DIAM_APP_TSP 16777309
#define DIAM_APP_T4 16777311

/* ---- base AVPs (RFC 6733), vendor 0 -------------------------------------- */
#define AVP_USER_NAME 1
#define AVP_AUTH_APPLICATION_ID 258
#define AVP_SESSION_ID 263
#define AVP_ORIGIN_HOST 264
#define AVP_RESULT_CODE 268
#define AVP_AUTH_SESSION_STATE 277
#define AVP_ROUTE_RECORD 282
#define AVP_DESTINATION_REALM 283
#define AVP_PROXY_INFO 284
#define AVP_DESTINATION_HOST 293
#define AVP_ORIGIN_REALM 296
#define AVP_EXPERIMENTAL_RESULT 297
#define AVP_EXPERIMENTAL_RESULT_CODE 298
#define AVP_DRMP 301
#define AVP_VENDOR_ID 266
#define AVP_VALIDITY_TIME 448 /* RFC 4006, vendor 0 */

/* ---- 3GPP AVPs, vendor 10415 --------------------------------------------- */
#define AVP_SUPPORTED_FEATURES 628 /* TS 29.229 */
#define AVP_MSISDN 701             /* TS 29.329 */
#define AVP_DEVICE_ACTION 3001     /* TS 29.368 */
#define AVP_DEVICE_NOTIFICATION 3002
#define AVP_TRIGGER_DATA 3003
#define AVP_PAYLOAD 3004
#define AVP_ACTION_TYPE 3005
#define AVP_PRIORITY_INDICATION 3006
#define AVP_REFERENCE_NUMBER 3007
#define AVP_REQUEST_STATUS 3008
#define AVP_APPLICATION_PORT_IDENTIFIER 3010
#define AVP_OLD_REFERENCE_NUMBER 3011
#define AVP_SCS_IDENTITY 3104 /* TS 29.336 */
#define AVP_USER_IDENTIFIER 3102
#define AVP_EXTERNAL_IDENTIFIER 3111
#define AVP_SM_RP_SMEA 3309 /* TS 29.338 */

/* Auth-Session-State (RFC 6733 8.11) */
#define DIAM_NO_STATE_MAINTAINED 1

/* Action-Type (TS 29.368 6.4.6) */
#define ACTION_DEVICE_TRIGGER_REQUEST 1
#define ACTION_DEVICE_TRIGGER_RECALL 3
#define ACTION_DEVICE_TRIGGER_REPLACE 4

/* Priority-Indication (TS 29.368 6.4.7) */
#define PRIORITY_NON_PRIORITY 0
#define PRIORITY_PRIORITY 1

/* ---- Result-Codes (RFC 6733 7.1) ----------------------------------------- */
#define DIAM_SUCCESS 2001
#define DIAM_COMMAND_UNSUPPORTED 3001
#define DIAM_REALM_NOT_SERVED 3003
#define DIAM_TOO_BUSY 3004
#define DIAM_APPLICATION_UNSUPPORTED 3007
#define DIAM_AVP_UNSUPPORTED 5001
#define DIAM_INVALID_AVP_VALUE 5004
#define DIAM_MISSING_AVP 5005
#define DIAM_AVP_OCCURS_TOO_MANY_TIMES 5009
#define DIAM_INVALID_AVP_LENGTH 5014
#define DIAM_INVALID_MESSAGE_LENGTH 5015

/* ---- Request-Status (TS 29.368 6.4.8; PROTOCOL.md 3) --------------------- */
#define RS_SUCCESS 0
#define RS_INVPAYLOAD 101
#define RS_INVEXTID 102
#define RS_INVSCSID 103
#define RS_INVPERIOD 104
#define RS_NOTAUTHORIZED 105
#define RS_SERVICEUNAVAILABLE 106
#define RS_PERMANENTERROR 107
#define RS_QUOTAEXCEEDED 108
#define RS_RATEEXCEEDED 109
#define RS_REPLACEFAIL 110
#define RS_RECALLFAIL 111
#define RS_ORIGINALMESSAGESENT 112
#define RS_TEMPORARYERROR 201

/* ---- value limits (PROTOCOL.md 2) ---------------------------------------- */
#define DIAM_EXT_ID_MAX 128
#define DIAM_MSISDN_MAX 8 /* octets of TBCD, so at most 15 digits */
#define DIAM_MSISDN_DIGITS_MAX (2 * DIAM_MSISDN_MAX)
#define DIAM_SCS_ID_MAX 64
#define DIAM_IDENTITY_MAX 255 /* Origin-Host and realms this gateway accepts in its config */

/* Default Tsp/T4 UDP port (PROTOCOL.md 1). */
#define DIAM_UDP_PORT 3868

#endif

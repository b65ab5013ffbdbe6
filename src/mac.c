/*
 * mac.c - Ethernet MAC addresses as users, pxelinux and sysfs write them.
 */
#include <stdio.h>
#include <string.h>
#include "aoe-up.h"

/* Value of one hex digit, or -1. */
static int mac_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse two hex digits at s into *b; 0 on success. */
static int mac_byte(const char *s, unsigned char *b)
{
	int hi = mac_hex(s[0]), lo = hi < 0 ? -1 : mac_hex(s[1]);

	if (lo < 0)
		return -1;
	*b = (unsigned char)(hi << 4 | lo);
	return 0;
}

/* Parse aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff (any case, one separator kind). */
int mac_parse(const char *s, unsigned char mac[6])
{
	char sep;
	int i;

	if (strlen(s) != 17)
		return -1;
	sep = s[2];
	if (sep != ':' && sep != '-')
		return -1;
	for (i = 0; i < 6; i++) {
		if (mac_byte(s + 3 * i, &mac[i]))
			return -1;
		if (i < 5 && s[3 * i + 2] != sep)
			return -1;
	}
	return 0;
}

/* Parse a pxelinux BOOTIF "01-aa-bb-cc-dd-ee-ff" (01 = Ethernet) or a bare
 * MAC; a NIC's MAC is unicast, which also tells "01-52-54-00-12-34" (a
 * truncated BOOTIF) from a MAC. */
int mac_parse_bootif(const char *s, unsigned char mac[6])
{
	if (!strncmp(s, "01-", 3) && strlen(s) == 20)
		s += 3;
	return mac_parse(s, mac) || !mac_unicast(mac) ? -1 : 0;
}

/* 1 if mac is a unicast address (group bit clear), as every NIC's is. */
int mac_unicast(const unsigned char mac[6])
{
	return !(mac[0] & 1);
}

/* Parse the aoe driver's form: exactly 12 hex digits, no separators. */
int mac_parse_hex12(const char *s, unsigned char mac[6])
{
	int i;

	if (strlen(s) != 12)
		return -1;
	for (i = 0; i < 6; i++)
		if (mac_byte(s + 2 * i, &mac[i]))
			return -1;
	return 0;
}

/* Write mac as "aa:bb:cc:dd:ee:ff" into buf (18 bytes). */
void mac_format(const unsigned char mac[6], char *buf)
{
	const char *hex = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		buf[3 * i] = hex[mac[i] >> 4];
		buf[3 * i + 1] = hex[mac[i] & 15];
		buf[3 * i + 2] = i < 5 ? ':' : '\0';
	}
}

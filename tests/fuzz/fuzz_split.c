/*
 * fuzz_split.c - cmdline_next_arg() against a reference written here from
 * the kernel's rules (lib/cmdline.c next_arg(), lib/ctype.c white space):
 * on any line both must cut the same arguments, at the same places, with
 * the same quotes stripped.  The reference is test code only.
 */
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"
#include "selector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* lib/ctype.c: the bytes with _S */
static const unsigned char ref_space[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [0xa0] = 1,
};

static size_t ref_skip(const char *buf, size_t i)
{
	while (ref_space[(unsigned char)buf[i]])
		i++;
	return i;
}

/*
 * One argument from buf[pos]: a leading quote is dropped and opens a
 * quoted run; quotes toggle the run; unquoted white space ends the
 * argument; the first '=' after its first character splits name and
 * value; a value starting with a quote loses it, and the argument's last
 * character too when that is a quote; so does a quoted argument.
 * Returns where the next argument starts.
 */
static size_t ref_arg(char *buf, size_t pos, size_t *param, size_t *val)
{
	size_t start = pos, i, eq = 0;
	int in_quote = 0, quoted = buf[pos] == '"';

	if (quoted) {
		start++;
		in_quote = 1;
	}
	for (i = start; buf[i] != '\0'; i++) {
		if (!in_quote && ref_space[(unsigned char)buf[i]])
			break;
		if (eq == 0 && i > start && buf[i] == '=')
			eq = i;
		if (buf[i] == '"')
			in_quote = !in_quote;
	}
	*param = start;
	*val = 0;
	if (eq) {
		buf[eq] = '\0';
		*val = eq + 1;
		if (buf[eq + 1] == '"') {
			++*val;
			if (buf[i - 1] == '"')
				buf[i - 1] = '\0';
		}
	}
	if (quoted && buf[i - 1] == '"')
		buf[i - 1] = '\0';
	if (buf[i] != '\0')
		buf[i++] = '\0';
	return ref_skip(buf, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *ours = fuzz_text(data, size), *ref = fuzz_text(data, size);
	char *param, *val, *next;
	size_t pos, rparam, rval;
	int ch;

	for (ch = 0; ch < 256; ch++)
		FUZZ_ASSERT(kernel_isspace(ch) == (ref_space[ch] != 0));
	pos = ref_skip(ref, 0);
	FUZZ_ASSERT(kernel_skip_spaces(ours) == ours + pos);
	while (ref[pos] != '\0') {
		size_t rnext = ref_arg(ref, pos, &rparam, &rval);

		next = cmdline_next_arg(ours + pos, &param, &val);
		FUZZ_ASSERT((size_t)(param - ours) == rparam);
		FUZZ_ASSERT(val ? (size_t)(val - ours) == rval : rval == 0);
		FUZZ_ASSERT((size_t)(next - ours) == rnext);
		FUZZ_ASSERT(rnext > pos);
		pos = rnext;
	}
	/* the same NULs in the same places: every string is the same */
	FUZZ_ASSERT(memcmp(ours, ref, size) == 0);
	free(ours);
	free(ref);
	return 0;
}

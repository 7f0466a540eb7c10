/*
 * fuzz_uap.c: libFuzzer target for the regexes.yaml loader (uap_load).
 * Input: the whole file.  Invariant: it loads, or it is refused with a
 * message that names the file; never a crash, a leak or a hang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enrich.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char path[64];

static void
remove_file(void)
{
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	struct uap *u;
	FILE *f;
	int fd;

	if (path[0] == '\0') {
		snprintf(path, sizeof(path), "%s/cfecs-fuzz-uap.XXXXXX",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
		if ((fd = mkstemp(path)) < 0)
			abort();
		close(fd);
		atexit(remove_file);
	}
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	u = uap_load(path, err, sizeof(err));
	if (u == NULL && strstr(err, path) == NULL)
		abort();	/* a refusal must name the file */
	uap_free(u);
	return 0;
}

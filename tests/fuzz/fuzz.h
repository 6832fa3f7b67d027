/* relkit — MIT licence, see LICENSE. */
#ifndef RELKIT_FUZZ_H
#define RELKIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Shared by the libFuzzer harnesses of tests/fuzz/. Each harness defines
 * LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer it is a
 * fuzzer, built with replay.c it replays files (make check).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a finding: report it and abort, so that the
 * fuzzer saves the input and the replayer fails. */
#define FUZZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "%s:%d: invariant failed: %s\n", \
		        __FILE__, __LINE__, #c); \
		abort(); \
	} \
} while (0)

#endif

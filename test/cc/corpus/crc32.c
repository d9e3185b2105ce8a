// CRC-32 (IEEE) with a generated table, Adler-32 and FNV-1a over test strings.
#include <stdio.h>
#include <string.h>

static unsigned table[256];

static void make_table(void) {
  for (unsigned n = 0; n < 256; n++) {
    unsigned c = n;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
}

static unsigned crc32(const unsigned char *p, size_t n) {
  unsigned c = 0xffffffffu;
  while (n--) c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static unsigned adler32(const unsigned char *p, size_t n) {
  unsigned a = 1, b = 0;
  while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; }
  return (b << 16) | a;
}

static unsigned fnv1a(const char *s) {
  unsigned h = 2166136261u;
  while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; }
  return h;
}

int main(void) {
  make_table();
  const char *tests[] = {"", "a", "abc", "message digest", "The quick brown fox jumps over the lazy dog", "123456789"};
  for (int i = 0; i < 6; i++) {
    const unsigned char *s = (const unsigned char *)tests[i];
    printf("%08x %08x %08x  \"%s\"\n", crc32(s, strlen(tests[i])), adler32(s, strlen(tests[i])), fnv1a(tests[i]), tests[i]);
  }
  return crc32((const unsigned char *)"123456789", 9) & 0xff;
}

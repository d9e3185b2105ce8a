// Casts and integer promotions: truncation, sign and zero extension, pointer/integer casts.
#include <stdio.h>
#include <stdint.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef uint32_t u32;

int main(void) {
  int i = 0x12345678;
  printf("%x %x %x %x\n", (u8)i, (u16)i, (signed char)i, (short)i);
  int n = -1;
  printf("%u %u %d %d\n", (u8)n, (u16)n, (signed char)(u8)200, (short)(u16)40000);
  u8 a = 200, b = 100;
  int sum = a + b;
  u8 wrapped = a + b;
  printf("sum=%d wrapped=%d\n", sum, wrapped);
  char c = -1;
  printf("c as int %d as unsigned %u as u8 %d\n", c, (unsigned)c, (u8)c);
  short s = -2;
  u32 us = s;
  printf("us=%u\n", us);
  int arr[4] = {1, 2, 3, 4};
  uintptr_t addr = (uintptr_t)&arr[1];
  int *back = (int *)(addr + sizeof(int));
  printf("back=%d\n", *back);
  char *bytes = (char *)arr;
  printf("byte view %d %d\n", bytes[0], bytes[4]);
  int big = 1 << 30;
  short trunc = (short)big;
  printf("trunc %d\n", trunc);
  _Bool bb = 256;
  _Bool bz = (_Bool)0 == 0;
  printf("bool %d %d %d\n", bb, bz, (_Bool)-5);
  long l = (long)(unsigned short)65535 * 2;
  printf("l=%ld\n", l);
  unsigned char shift = 1;
  int promoted = shift << 31 >> 31;
  printf("promoted %d\n", promoted);
  void *vp = arr;
  printf("via void* %d\n", ((int *)vp)[2]);
  return (u8)(i >> 4);
}

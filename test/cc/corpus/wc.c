// Reads standard input to the end: counts lines, words, characters, and the longest line.
#include <stdio.h>
#include <ctype.h>

int main(void) {
  int c, lines = 0, words = 0, chars = 0, in_word = 0, cur = 0, longest = 0;
  int freq[26] = {0};
  while ((c = getchar()) != EOF) {
    chars++;
    if (c == '\n') { lines++; if (cur > longest) longest = cur; cur = 0; } else cur++;
    if (isspace(c)) in_word = 0;
    else if (!in_word) { in_word = 1; words++; }
    if (isalpha(c)) freq[tolower(c) - 'a']++;
  }
  printf("%d %d %d longest=%d\n", lines, words, chars, longest);
  int best = 0;
  for (int i = 1; i < 26; i++) if (freq[i] > freq[best]) best = i;
  printf("most frequent letter: %c (%d)\n", 'a' + best, freq[best]);
  return lines;
}

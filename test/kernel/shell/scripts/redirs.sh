# Redirections: < > >> 2> 2>&1 >&2 and descriptors restored afterwards.
echo hello > out
cat out
echo again >> out
cat < out
cat out > copy; cat copy
echo to-null > /dev/null
echo error-text 2> /dev/null >&2
echo visible 2>/dev/null
{ echo grouped; echo err >&2; } > both 2>&1
cat both
cat /no/such 2> errfile; test -s errfile && echo "stderr went to the file"
echo still-stdout
echo text > f1; cat < f1 > f2; cat f2
for i in 1 2; do echo "loop $i"; done > loop; cat loop
while read l; do echo "read $l"; done < loop
echo "fd 3" 3> three >&3; cat three
> empty; test -s empty || echo "empty file made"

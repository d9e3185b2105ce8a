# if/elif/else, while, until, for.
if true; then echo then; fi
if false; then echo no; else echo else; fi
if false; then echo no; elif true; then echo elif; else echo no; fi
if false
then
  echo no
elif false; then echo no
else
  echo "multi-line else"
fi
i=x
while [ "$i" != xxxx ]; do i=${i}x; echo $i; done
until [ "$i" = x ]; do i=x; echo "until ran"; done
for f in a b; do for g in 1 2; do echo $f$g; done; done
for f in; do echo never; done
for f
do echo "arg $f"
done
n=
while test "$n" != "..."; do n="$n."; if [ "$n" = ".." ]; then echo two dots; fi; done
echo "done $n"

# Globbing against the file tree: sorted, no match left as is.
mkdir gdir
: > gdir/b.c
: > gdir/a.c
: > gdir/c.h
: > gdir/.hidden
: > gdir/ab.txt
cd gdir
echo *.c
echo ?.h
echo [ab].c
echo [!a].c
echo [a-b]*
echo *
echo .h*
echo *.none
echo '*.c' "*".c \*.c
cd ..
echo gdir/*.h
echo g*/a*
X='*.c'
cd gdir; echo $X "$X"; cd ..

# Variables and parameters.
A=1 B=two
echo "$A $B ${A}x ${UNSET}y"
echo "${UNSET:-default} ${A:-default} ${UNSET-dash} ${A:+alt} ${UNSET:+alt}x"
echo "${#B} ${NEW:=assigned} $NEW"
echo "$# args: $1 $2 $3"
for a in "$@"; do echo "<$a>"; done
for a in $*; do echo "[$a]"; done
shift; echo "after shift: $# $1"
SPLIT="x  y   z"
for w in $SPLIT; do echo "word $w"; done
for w in "$SPLIT"; do echo "whole $w"; done
E=
echo "empty:$E:" $E end
unset A; echo "unset:${A}:"
C=3 ; C=$C$C; echo $C

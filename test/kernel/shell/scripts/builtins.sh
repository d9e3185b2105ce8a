# Built-ins: echo, test/[, read, cd/pwd, export/unset.
echo -n "no newline"; echo " then newline"
echo 'a\tb' "c\nd"
test -n "x" && echo "-n"
test -z "" && echo "-z"
test 3 -lt 10 && echo "3 < 10"
test 10 -ge 10 && echo "10 >= 10"
[ "abc" != "abd" ] && echo "!="
[ ! -e /no/such ] && echo "no such file"
[ -d / ] && [ -f /no ] || echo "-d and -f"
[ 1 = 1 -a 2 = 2 ] && echo "-a"
[ 1 = 2 -o 2 = 2 ] && echo "-o"
[ \( 1 = 1 \) ] && echo "parens"
test; echo "empty test $?"
test x; echo "one arg $?"
: > file; [ -f file ] && [ -e file ] && [ ! -s file ] && echo "file tests"
cd /; pwd; cd /tmp; pwd; cd /
export EXPORTED=yes
sh -c 'echo "child sees $EXPORTED"'
NOTEXPORTED=no
sh -c 'echo "child sees [$NOTEXPORTED]"'
ONCE=just-this sh -c 'echo "prefix $ONCE"'; echo "after [$ONCE]"
unset EXPORTED; sh -c 'echo "after unset [$EXPORTED]"'
read a b rest <<EOF
one two three four
EOF
echo "$a|$b|$rest"

# Lists: ; && || and their statuses.
echo a; echo b
false || echo "or ran"
true && echo "and ran"
false && echo "not printed"
true || echo "not printed either"
false; echo "status $?"
true; echo "status $?"
false || false || echo "two ors"
true && false && echo no; echo "chain $?"
! true; echo "negated $?"
! false; echo "negated $?"
echo one; # a comment; echo not run
echo "# not a comment" #but this is

# ( ) subshells and { } groups.
X=outer
(X=inner; echo "in $X")
echo "out $X"
(cd /; pwd)
{ X=group; echo "in group $X"; }
echo "after group $X"
(exit 4) || echo "failed with $?"
(echo a; echo b) | cat
{ echo c; echo d; } | cat
( (echo nested) )
(false); echo $?
{ false; }; echo $?

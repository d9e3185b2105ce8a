# $? after commands, subshells and builtins.
false; echo $?
true; echo $?
(exit 3); echo $?
(exit 300); echo $?
test 1 = 2; echo $?
[ a = a ]; echo $?
cat /no/such/file 2>/dev/null; echo $?
sh -c 'exit 7'; echo $?
if false; then :; fi; echo "if $?"
(exit 5) & wait $!; echo "waited for \$! $?"
sleep 0.01 & sleep 0.01 & wait; echo "waited for all $?"

# Command substitution: $( ) and backquotes, nested, quoted and unquoted,
# trailing newlines removed, the status of an assignment, subshell variables.
x=$(echo hello)
echo "got $x"
echo "$(printf 'a\nb\n\n\n')|"
echo $(printf 'one  two\nthree')
echo "$(printf 'one  two\nthree')"
echo `echo back` "`echo 'in quotes'`"
echo $(echo $(echo nested) deep)
echo "$(echo "inner \"quotes\"")"
echo `echo \`echo old nested\``
y=$(false); echo "assign status $?"
y=$(exit 3); echo "assign status $?"
echo $(exit 4) "echo status $?"
z=outer; echo $(z=inner; echo $z) $z
echo "$(echo a; echo b)" | wc -l
for w in $(echo 1 2 3); do echo "item $w"; done
echo "$(case x in x) echo "case in subst";; esac)"
echo $(echo ')' "(")
n=$(echo abc | wc -c); echo "count $n"
echo "empty:$(true):"
files=$(cd /; echo [e]tc); echo "$files"
echo "$(echo $1) $(echo "$2") $#"

# Here-documents.
NAME=world
cat <<EOF
hello $NAME
  indented \$NAME
EOF
cat <<'END'
quoted $NAME stays
END
cat <<-TAB
	tabs stripped
		two tabs
	TAB
cat <<A; echo between; cat <<B
first
A
second
B
cat <<EOF | cat | cat
through a pipe
EOF
while read a b; do echo "$b-$a"; done <<EOF
1 one
2 two
EOF
read line <<EOF
single line read
EOF
echo "line: $line"

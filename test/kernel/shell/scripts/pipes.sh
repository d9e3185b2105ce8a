# Pipelines of any length; the status is the last command's.
echo through | cat
echo through many | cat | cat | cat | cat | cat
echo x | false; echo "status $?"
false | true; echo "status $?"
{ echo first; echo second; } | cat
echo piped |
  cat
echo ab | while read line; do echo "got $line"; done

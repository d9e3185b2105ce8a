# A syntax error ends the script; what came before it ran.
echo before
if true; then echo "not run: the error is in this command"; fi fi
echo "never"

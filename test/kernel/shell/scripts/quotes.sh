# Quoting: single, double, backslash.
X=value
echo 'single $X "inner"' "double $X 'inner'" \$X
echo a\ b "c\"d" 'it'\''s' "back\\slash" "\$X" "\q"
echo "  spaces   kept  " unquoted   spaces   squeezed
echo ''"" 'empty' "" x
echo "$X"s ${X}s "${X}"s
echo \# \; \& \| \> \<
echo "multi
line"
echo 'tab	in'

# Arithmetic expansion.
echo $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((7 / 2)) $((7 % 3)) $((-7 / 2)) $((-7 % 3))
i=0
while [ $i -lt 5 ]; do i=$((i + 1)); echo "i=$i"; done
echo $((i * i)) $(($i << 2)) $((1 < 2)) $((2 <= 1)) $((3 == 3 && 0 || 1)) $((!0)) $((~0)) $((0x10 + 010))
x=5; echo "$((x * 2)) in quotes" $((x))$((x))
echo $(( 10 - 2 - 3 )) $((2 * (3 + 4))) $((100 / 10 / 5)) $((1 | 6 ^ 3 & 5)) $((-x)) $((- -3))
echo $((unset_variable + 1)) $((2147483647 + 1))
n=3; total=0
while [ $n -gt 0 ]; do total=$((total + n)); n=$((n - 1)); done; echo "sum $total"

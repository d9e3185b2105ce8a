# Arithmetic expansion: precedence, parentheses, variables, assignment
# operators, comparisons, logic (short-circuit), bases, nesting with $( ).
echo $((1 + 2 * 3)) $(( (1 + 2) * 3 )) $((7 / 2)) $((-7 / 2)) $((7 % 3)) $((-7 % 3))
echo $((-5)) $((- -5)) $((+4)) $((!0)) $((!7)) $((~0))
echo $((3 > 2)) $((3 < 2)) $((2 <= 2)) $((2 >= 3)) $((4 == 4)) $((4 != 4))
echo $((1 && 0)) $((1 || 0)) $((0 || 0)) $((2 && 3)) $((0 && 1/0)) $((1 || 1/0))
echo $((1 << 4)) $((256 >> 2)) $((6 & 3)) $((6 | 3)) $((6 ^ 3))
echo $((0x1f)) $((010)) $((0))
echo $((1 ? 10 : 20)) $((0 ? 10 : 20))
i=5
echo $((i + 1)) $(($i * 2)) $((i*i - i))
i=$((i + 1)); echo $i
: $((j = 10)) $((j += 5)); echo $j
: $((j -= 3)) $((j *= 2)) $((j /= 4)) $((j %= 4)); echo $j
k=0
while [ $k -lt 5 ]; do k=$((k + 1)); done
echo "k is $k"
echo $(( $(echo 6) * 7 ))
echo "$((2 + 3))" '$((2 + 3))'
unset u; echo $((u + 1))
e=; echo $((e + 2))
big=2147483647; echo $((big + 1)) $((big * 4))
echo $(( ((1 + 2) * (3 + 4)) % 5 ))
echo $((10 - 2 - 3)) $((100 / 10 / 5)) $((2 * 3 + 4 * 5))

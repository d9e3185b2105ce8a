# case … esac: globs, alternatives, quoting, defaults, fall-out, empty
# bodies, (pattern) form, variables as patterns, newlines between items.
for w in apple banana cherry 'x y' '*' "" file.c file.h README; do
  case $w in
    apple|banana) echo "$w: fruit a or b" ;;
    c*) echo "$w: starts with c" ;;
    'x y') echo "$w: quoted with space" ;;
    \*) echo "$w: a star" ;;
    "") echo "empty" ;;
    *.[ch]) echo "$w: C file" ;;
    *) echo "$w: other" ;;
  esac
done
case nothing in a) echo no;; esac; echo "no match status $?"
case yes in (yes) echo "paren form";; esac
p='b*'
case bat in $p) echo "pattern from a variable";; esac
case 'b*' in "$p") echo "quoted variable matches literally";; esac
case bat in "$p") echo wrong;; *) echo "quoted variable does not glob";; esac
case x in
  x)
    echo "multi"
    echo "line"
    ;;
  y) echo no ;;
esac
case z in z) ;; esac; echo "empty body $?"
case a in a) false;; esac; echo "body status $?"
case $1 in a) echo "first arg is a";; esac
case 5 in [0-9]) echo digit;; esac
case last in last) echo "no ;; before esac"
esac
v=$(case q in q) echo from-subst;; esac); echo $v

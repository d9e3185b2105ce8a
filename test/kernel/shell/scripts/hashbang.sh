#!/bin/sh
# Run by execve through the kernel's #! handling.
echo "script $# args: $1 $2"

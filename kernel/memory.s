; memset and memmove for the kernel, in assembly because they are the
; kernel's hottest loops (zeroing fresh pages, copying pages for fork and
; file data). Both move whole words, four per iteration, when the addresses
; allow it; our machine charges per memory access, not per byte.

.text

; void *memset(void *dst, int c, uint n)
.globl memset
.type memset, @function
memset:
    push ebp
    mov ebp, esp
    push edi
    mov edi, [ebp+8]
    mov eax, [ebp+12]
    and eax, 0xff
    mov edx, eax                        ; replicate the byte into a word
    shl edx, 8
    or eax, edx
    mov edx, eax
    shl edx, 16
    or eax, edx
    mov ecx, [ebp+16]
    test edi, 3
    jnz memset_bytes
    mov edx, ecx
    shr edx, 4                          ; 16-byte blocks
    jz memset_words
memset_block:
    mov [edi], eax
    mov [edi+4], eax
    mov [edi+8], eax
    mov [edi+12], eax
    add edi, 16
    dec edx
    jnz memset_block
memset_words:
    mov edx, ecx
    and edx, 12                         ; remaining whole words (0..3) in bytes
    jz memset_tail
memset_word:
    mov [edi], eax
    add edi, 4
    sub edx, 4
    jnz memset_word
memset_tail:
    and ecx, 3
memset_bytes:
    test ecx, ecx
    jz memset_done
memset_byte:
    mov [edi], al
    inc edi
    dec ecx
    jnz memset_byte
memset_done:
    mov eax, [ebp+8]
    pop edi
    pop ebp
    ret
.size memset, . - memset

; void *memmove(void *dst, const void *src, uint n): the regions may overlap.
.globl memmove
.type memmove, @function
memmove:
    push ebp
    mov ebp, esp
    push esi
    push edi
    mov edi, [ebp+8]
    mov esi, [ebp+12]
    mov ecx, [ebp+16]
    cmp esi, edi
    jae memmove_forward                 ; source above: copying upwards is safe
    lea edx, [esi+ecx]
    cmp edx, edi
    ja memmove_backward                 ; destination inside the source: copy downwards
memmove_forward:
    mov edx, edi
    or edx, esi
    test edx, 3
    jnz memmove_bytes
    mov edx, ecx
    shr edx, 4
    jz memmove_words
memmove_block:
    mov eax, [esi]
    mov [edi], eax
    mov eax, [esi+4]
    mov [edi+4], eax
    mov eax, [esi+8]
    mov [edi+8], eax
    mov eax, [esi+12]
    mov [edi+12], eax
    add esi, 16
    add edi, 16
    dec edx
    jnz memmove_block
memmove_words:
    mov edx, ecx
    and edx, 12
    jz memmove_tail
memmove_word:
    mov eax, [esi]
    mov [edi], eax
    add esi, 4
    add edi, 4
    sub edx, 4
    jnz memmove_word
memmove_tail:
    and ecx, 3
memmove_bytes:
    test ecx, ecx
    jz memmove_done
memmove_byte:
    movzx eax, byte [esi]
    mov [edi], al
    inc esi
    inc edi
    dec ecx
    jnz memmove_byte
    jmp memmove_done
memmove_backward:
    add esi, ecx
    add edi, ecx
memmove_back_byte:
    dec esi
    dec edi
    movzx eax, byte [esi]
    mov [edi], al
    dec ecx
    jnz memmove_back_byte
memmove_done:
    mov eax, [ebp+8]
    pop edi
    pop esi
    pop ebp
    ret
.size memmove, . - memmove

; uint *next_present(uint *entry, uint *end): the first page-directory or
; page-table entry in [entry, end) with its present bit set, or end. Tearing
; down and copying address spaces step through mostly empty tables; this
; skips the empty entries at four instructions each.
.globl next_present
.type next_present, @function
next_present:
    push ebp
    mov ebp, esp
    mov eax, [ebp+8]
    mov edx, [ebp+12]
next_present_loop:
    cmp eax, edx
    jae next_present_done
    test dword [eax], 1
    jnz next_present_done
    add eax, 4
    jmp next_present_loop
next_present_done:
    pop ebp
    ret
.size next_present, . - next_present

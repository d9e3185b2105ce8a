// Why a program is not installed, in Korean: every key of
// vm/host/install-messages.ts (the installer, a user program's rules, the
// kernel's refusals) and of vm/asm/elf-messages.ts (the ELF reader), typed
// by those catalogues' keys so a reason without Korean is a type error.
// ELF field names (e_type, e_machine), errno names, paths and numbers stay
// as they are.

import type { InstallMessageKey } from '../../../../vm/host/install-messages.js';
import type { ElfMessageKey } from '../../../../vm/asm/elf-messages.js';

export const koInstall: Record<InstallMessageKey | ElfMessageKey, string> = {
  // user-elf.ts
  'install.no-segments': '적재할 세그먼트가 없음: 실행할 것이 없음',
  'install.segment-in-kernel': '{vaddr}의 세그먼트가 커널 영역({base}부터)까지 뻗어 있음: 사용자 프로그램이 아니라 베어 기계나 커널용으로 빌드됨 (glassbox cc를 쓸 것)',
  'install.entry-too-low': '진입점 {entry}이(가) {min}보다 아래임: 사용자 프로그램이 아니라 베어 기계용(glassbox bare)으로 빌드됨 (glassbox cc를 쓸 것)',
  'install.bad-name': '"{name}"은(는) /bin의 프로그램 이름이 될 수 없음 ({rule})',
  'install.name-rule': '영문자나 _로 시작하고, 이어서 영문자, 숫자, _, -만, 최대 28자',

  // install.ts: the channel
  'install.channel-refused': '{path}: 채널이 요청을 거부함 ({rc})',
  'install.busy': '다른 설치가 아직 커널의 응답을 기다리는 중',
  'install.empty-path': '경로가 비어 있음: {why}',
  'install.too-large': '{path}: {size}바이트는 채널이 받을 수 있는 크기({capacity}바이트)보다 큼',
  'install.dropped': '{path}: 요청이 사라짐 (CPU가 리셋되었거나, 기계가 요청 이전의 스냅숏으로 복원됨)',
  'install.meaningless': '{path}: 커널이 의미 없는 응답을 줌 ({answer})',
  'install.refused': '{path}을(를) 설치할 수 없음: {why} ({errno})',
  'install.refused-unknown': '{path}을(를) 설치할 수 없음: 오류 {errno}',
  'install.errno-other': '오류 {errno}',
  'install.no-answer': '{path}: 커널이 {cycles} 사이클 안에 응답하지 않음 (호스트 파일 채널의 드라이버가 있는지 확인할 것); 요청은 아직 대기 중',
  'install.stopped': '{path}: 커널이 응답하기 전에 기계가 멈춤 ({reason})',
  'install.stopped-pending': '{path}: 커널이 응답하기 전에 기계가 멈춤 ({reason}); 요청은 아직 대기 중',
  'install.idle': '{path}: 기계가 유휴 상태이고 커널이 응답하지 않음 (호스트 파일 채널의 드라이버가 없거나 그 IRQ가 마스크됨)',

  // the kernel's refusals
  'install.errno.EINVAL': '/bin 바로 아래의 파일만 설치할 수 있음: 경로는 /bin/NAME이어야 함',
  'install.errno.ENAMETOOLONG': '디렉터리 항목에 넣기에는 이름이 너무 김 (최대 27바이트, 경로는 최대 127바이트)',
  'install.errno.EISDIR': '디렉터리임',
  'install.errno.EEXIST': '이미 있으며 일반 파일이 아님',
  'install.errno.ENOSPC': '기계의 메모리에 파일을 넣을 공간이 없음; 이전 파일이 있었다면 그대로 남음',
  'install.errno.EFBIG': 'ramfs에 넣기에는 파일이 너무 큼',
  'install.errno.ENOTDIR': '경로의 일부가 디렉터리가 아님',
  'install.errno.ENOENT': '디렉터리가 없음',

  // the page's worker
  'install.stopped-unanswered': '{path}: 커널이 응답하기 전에 기계가 멈춤',
  'install.timeout': '{path}: 커널이 {seconds}초 안에 응답하지 않음',

  // the ELF reader
  'elf.not-bytes': '바이트 배열이 아님',
  'elf.too-short': 'ELF 헤더가 들어가기에는 파일이 너무 짧음 ({size}바이트)',
  'elf.bad-magic': 'ELF 파일이 아님 (매직 넘버가 틀림)',
  'elf.not-32-bit': '32비트 ELF 파일이 아님 (class {class})',
  'elf.not-little-endian': '리틀 엔디언 ELF 파일이 아님 (데이터 인코딩 {encoding})',
  'elf.unknown-version': '알 수 없는 ELF 버전 {version}',
  'elf.not-executable': '실행 파일이 아님 (e_type {type})',
  'elf.not-glassbox': 'Glassbox 실행 파일이 아님 (e_machine {machine}, 필요한 값 {expected})',
  'elf.unknown-e-version': 'e_version의 ELF 버전을 알 수 없음',
  'elf.bad-ehsize': 'ELF 헤더 크기 {size}이(가) 잘못됨',
  'elf.bad-phentsize': '프로그램 헤더 크기 {size}이(가) 잘못됨',
  'elf.bad-shentsize': '섹션 헤더 크기 {size}이(가) 잘못됨',
  'elf.past-end': '{what}(오프셋 {offset}, 크기 {size})이(가) 파일 끝({file}바이트)을 넘어감',
  'elf.phdrs-overlap-header': '프로그램 헤더 테이블이 ELF 헤더와 겹침',
  'elf.shdrs-overlap-header': '섹션 헤더 테이블이 ELF 헤더와 겹침',
  'elf.entry-outside': '진입점 {entry}이(가) 실행 가능한 세그먼트 안에 있지 않음',
  'elf.name-outside': '{what}: 이름 오프셋 {offset}이(가) 문자열 테이블 밖에 있음',
  'elf.name-unterminated': '{what}: 이름이 NUL로 끝나지 않음',
  'elf.filesz-exceeds': '{what}: 파일 크기 {filesz}이(가) 메모리 크기 {memsz}보다 큼',
  'elf.virtual-wraps': '{what}: 가상 주소 범위가 4 GiB를 넘어 되감김',
  'elf.physical-wraps': '{what}: 물리 주소 범위가 4 GiB를 넘어 되감김',
  'elf.align-not-power': '{what}: 정렬 {align}이(가) 2의 거듭제곱이 아님',
  'elf.align-disagree': '{what}: 파일 오프셋과 주소가 정렬 단위로 나눈 나머지에서 어긋남',
  'elf.overlap-virtual': '{what}이(가) 가상 메모리에서 다른 세그먼트와 겹침',
  'elf.overlap-physical': '{what}이(가) 물리 메모리에서 다른 세그먼트와 겹침',
  'elf.shstrndx-range': '섹션 이름 테이블 인덱스 {index}이(가) 범위를 벗어남 (섹션 {count}개)',
  'elf.shstrtab-type': '섹션 이름 테이블이 문자열 테이블이 아님',
  'elf.section-overlaps-header': '섹션 {i}이(가) ELF 헤더와 겹침',
  'elf.sections-overlap': '섹션 {a}과(와) {b}이(가) 파일 안에서 겹침',
  'elf.symbol-entsize': '심볼 테이블 항목 크기 {size}이(가) {expected}이(가) 아님',
  'elf.symbol-size': '심볼 테이블 크기가 항목 크기의 배수가 아님',
  'elf.symbol-strtab': '심볼 테이블이 문자열 테이블에 연결되어 있지 않음',
  'elf.symbol-section': '심볼 {i}이(가) 없는 섹션 {section}을(를) 가리킴',
  'elf.unreadable': '읽을 수 없는 ELF 파일 ({error})',
  'elf.what.phdrs': '프로그램 헤더 테이블',
  'elf.what.shdrs': '섹션 헤더 테이블',
  'elf.what.segment': '세그먼트 {i}',
  'elf.what.section': '섹션 {i}',
  'elf.what.symbol': '심볼 {i}',

  'elf.lines.truncated-header': '줄 테이블: 헤더가 잘림',
  'elf.lines.bad-magic': '줄 테이블: 매직 넘버가 틀림',
  'elf.lines.unknown-version': '줄 테이블: 알 수 없는 버전',
  'elf.lines.counts': '줄 테이블: 개수가 테이블 크기를 넘음',
  'elf.lines.truncated-files': '줄 테이블: 파일 테이블이 잘림',
  'elf.lines.name-bounds': '줄 테이블: 파일 이름이 범위를 벗어남',
  'elf.lines.size': '줄 테이블: 크기가 항목 수와 맞지 않음',
  'elf.lines.bad-file': '줄 테이블: 항목 {i}이(가) 파일 {count}개 중 {file}번을 가리킴',
  'elf.lines.unsorted': '줄 테이블: 항목이 주소 순으로 정렬되어 있지 않음',
};

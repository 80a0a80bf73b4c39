#!/bin/sh
# Print the path of a Python interpreter of the wanted minor version(s), or explain and fail.
# Usage: find_python.sh 3.10            (exactly 3.10, for Rasa 3.6)
#        find_python.sh 3.11 3.12 3.13  (the first of these found, for the API)
for version in "$@"; do
  pyenv_root=$(pyenv root 2>/dev/null || true)
  for candidate in "python$version" $pyenv_root/versions/$version*/bin/python$version \
                   /usr/local/bin/python$version /usr/bin/python$version; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
      echo "$path"
      exit 0
    fi
  done
done
echo "Python $* is needed here and was not found. Install it (for example: pyenv install $1) and run make again." >&2
exit 1

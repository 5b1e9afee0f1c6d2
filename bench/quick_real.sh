#!/bin/bash
# Quick same-run comparison on the real corpus (until bench/run.py covers it):
#   bash bench/quick_real.sh N [CORPUS]
# CORPUS (default /work/corpus) holds hugo/N (a Hugo site) and ng-N (the same articles as
# newsgen content), made with ../shared/bench/make_corpus.py and to_ttxvn.py. Prints Hugo
# cold, Pagefind over Hugo's output, newsgen cold with search, no-op and one-article edit.
set -e
N=$1; C=${2:-/work/corpus}; S=${TMPDIR:-/dev/shm}/newsgen-quick-real
rm -rf "$S"; mkdir -p "$S/site"
cp -r "$C/ng-$N" "$S/site/content"
printf 'title: Bench\nbase_url: https://example.org/\npage_size: 20\nsearch: true\n' > "$S/site/newsgen.yaml"
t() { local s=$(date +%s.%N); "$@" > /dev/null 2>&1; local e=$(date +%s.%N); echo "$(echo "$e - $s" | bc)"; }
sync; sleep 2
echo "hugo cold: $(t hugo --source "$C/hugo/$N" --destination "$S/hugo-out" --quiet)"
echo "pagefind over hugo: $(t python -m pagefind --site "$S/hugo-out" --quiet)"
sync; sleep 2
echo "newsgen cold (search): $(t newsgen build --site "$S/site" --output "$S/out")"
echo "newsgen noop: $(t newsgen build --site "$S/site" --output "$S/out")"
f=$(ls "$S/site/content" | sed -n 500p)
printf '\n\nThêm một đoạn văn.\n' >> "$S/site/content/$f"
echo "newsgen edit (search): $(t newsgen build --site "$S/site" --output "$S/out")"
rm -rf "$S"

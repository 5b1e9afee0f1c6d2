from newsgen.cli import main

main()

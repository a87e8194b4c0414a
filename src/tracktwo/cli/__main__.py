from tracktwo.cli.main import main

main()

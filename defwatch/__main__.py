from defwatch.cli import main

main()

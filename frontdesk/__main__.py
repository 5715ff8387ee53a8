from frontdesk.start import main

main()

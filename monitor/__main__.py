from monitor.cli import main

# Guarded: worker processes (spawned) import the main module and must not run the CLI.
if __name__ == "__main__":
    main()

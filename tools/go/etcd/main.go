// Command etcd runs the pinned etcd server (go.etcd.io/etcd/server/v3) with etcd's own flags.
// The e2e harness starts it on 127.0.0.1 as the storage of its throwaway kube-apiserver.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}

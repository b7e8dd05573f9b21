// Drag and drop onto the upload form, and the list of chosen files. The page works without
// this script: the file input and the submit button are plain HTML.
"use strict";
(function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");
  if (!drop || !input || !chosen) {
    return;
  }
  function list() {
    while (chosen.firstChild) {
      chosen.removeChild(chosen.firstChild);
    }
    for (var i = 0; i < input.files.length; i++) {
      var item = document.createElement("li");
      item.textContent = input.files[i].name;
      chosen.appendChild(item);
    }
  }
  input.addEventListener("change", list);
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () {
      drop.classList.remove("over");
    });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length > 0) {
      input.files = event.dataTransfer.files;
      list();
    }
  });
})();

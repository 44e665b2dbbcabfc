import{c as r,s as e}from"./flowDiagram-HODETNUW-FNbctyBj.js";import{_ as a}from"./mermaid.core-BUAdQ6F7.js";import"./chunk-5VM5RSS4-CQHo6dQ8.js";import"./chunk-XXDRQBXY-ZARInpAC.js";import"./chunk-POPQ4Y6H-B_trAVMn.js";import"./chunk-F27PBJKO-C2EgVXRn.js";import"./channel-BG3E5fYN.js";import"./main-D_dQ_ILy.js";var o=a(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),s=o,n=r({defaultLayout:"swimlane",styles:s});export{n as diagram};
